#!/usr/bin/env python3
"""Runs vdi-db-manage and Python Alembic side by side on the same workloads and databases, alternately
(A B A B ...) after a warm-up, and reports medians, the ratio Alembic / vdi-db-manage, and peak memory.
Started by scripts/bench.sh, which builds the release binary, starts the servers and installs Alembic."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads as W  # noqa: E402
import build_bench  # noqa: E402

ALEMBIC_PY = os.environ.get("VDI_TEST_ALEMBIC_PYTHON", "python3")
PG = os.environ.get("VDI_TEST_POSTGRESQL_URL")
MY = os.environ.get("VDI_TEST_MYSQL_URL")


def measure(cmd, env=None, cwd=None, stdin=None, allow_fail=False):
    """Runs a command; returns (seconds, peak resident memory in MiB). Fails loudly on a non-zero exit."""
    # stderr goes to a file: a pipe read only after the process ends would fill and block it.
    with open(os.devnull, "w") as devnull, tempfile.TemporaryFile() as errfile:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=devnull, stderr=errfile, stdin=stdin)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - start
        errfile.seek(0)
        err = errfile.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not allow_fail:
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd[:4]), code, err[-800:]))
    return elapsed, usage.ru_maxrss / 1024.0


class Databases:
    """Fresh databases per run: SQLite files, PostgreSQL schemas, MariaDB databases."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.n = 0

    def fresh(self, backend):
        self.n += 1
        name = "bench_%d_%d" % (os.getpid(), self.n)
        if backend == "sqlite":
            path = os.path.join(self.tmp, name + ".db")
            return "sqlite:///" + path, "sqlite:///" + path, ["sqlite3", path]
        if backend == "postgresql":
            subprocess.run(["psql", "-X", "-q", PG, "-c", "CREATE SCHEMA %s" % name], check=True)
            ours = "%s?options=-csearch_path%%3D%s" % (PG, name)
            theirs = ours.replace("postgresql://", "postgresql+psycopg2://", 1)
            return ours, theirs, ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", ours]
        base, _, _ = MY.partition("?")
        server = base.rsplit("/", 1)[0]
        mysql_admin(["CREATE DATABASE %s CHARACTER SET utf8mb4" % name])
        ours = "%s/%s?charset=utf8mb4" % (server, name)
        theirs = ours.replace("mysql://", "mysql+pymysql://", 1)
        host_port, creds = server.split("@")[1], server.split("//")[1].split("@")[0]
        user, password = creds.split(":")
        host, port = host_port.split(":")
        return ours, theirs, ["mariadb", "--no-defaults", "-h", host, "-P", port, "-u", user, "-p" + password, name]


def mysql_admin(statements):
    base, _, _ = MY.partition("?")
    server = base.rsplit("/", 1)[0]
    creds, host_port = server.split("//")[1].split("@")
    user, password = creds.split(":")
    host, port = host_port.split(":")
    for s in statements:
        subprocess.run(["mariadb", "--no-defaults", "-h", host, "-P", port, "-u", user, "-p" + password, "-e", s], check=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.results = []
        self.tmp = tempfile.mkdtemp(prefix="vdi-bench-")
        self.dbs = Databases(self.tmp)
        self.backends = [b for b in ["sqlite", "postgresql", "mysql"] if (b == "sqlite" or (b == "postgresql" and PG) or (b == "mysql" and MY))]

    def alembic(self, project, url, *cmd):
        env = dict(os.environ, ALEMBIC_URL=url)
        return [ALEMBIC_PY, "-m", "alembic", "-c", os.path.join(project, "alembic.ini")] + list(cmd), env

    def compare(self, workload, backend, ours, theirs, floor=None, prepare=None, note="", allow_fail=False, runs_override=None):
        """ours/theirs/floor: functions returning (cmd, env, stdin-path) for one run; prepare() runs before each."""
        samples = {"vdi-db-manage": [], "alembic": [], "floor": []}
        runs = [("vdi-db-manage", ours), ("alembic", theirs)] + ([("floor", floor)] if floor else [])
        for i in range((runs_override or self.args.runs) + 1):
            for label, make in runs:
                ctx = prepare() if prepare else None
                cmd, env, stdin = make(ctx)
                with (open(stdin) if stdin else open(os.devnull)) as fin:
                    t, mem = measure(cmd, env=env, stdin=fin, allow_fail=allow_fail)
                if i > 0:  # the first round warms caches
                    samples[label].append((t, mem))
        row = {"workload": workload, "backend": backend, "note": note}
        for label, s in samples.items():
            if s:
                row[label] = {"median_s": statistics.median(x[0] for x in s), "peak_mib": max(x[1] for x in s), "runs": len(s)}
        row["ratio"] = row["alembic"]["median_s"] / row["vdi-db-manage"]["median_s"]
        if "floor" in row:
            row["vs_floor"] = row["vdi-db-manage"]["median_s"] / row["floor"]["median_s"]
        self.results.append(row)
        print(self.format(row), flush=True)

    @staticmethod
    def format(r):
        ours, theirs = r["vdi-db-manage"], r["alembic"]
        floor = "%8.3f" % r["floor"]["median_s"] if "floor" in r else "       -"
        return "%-34s %-10s %8.3f %8.3f %7.1fx %s %7.1f %7.1f" % (
            r["workload"], r["backend"], ours["median_s"], theirs["median_s"], r["ratio"], floor, ours["peak_mib"], theirs["peak_mib"])

    def header(self):
        print("%-34s %-10s %8s %8s %8s %8s %7s %7s" % ("workload", "backend", "ours s", "alembic", "ratio", "floor s", "ourMiB", "alMiB"))

    def run(self):
        products = self.args.products
        n = self.args.revisions
        backends = self.backends

        # The workloads, for both tools: n revisions, and a small history of 10 for startup.
        builds = {}
        tools = {}
        for size in sorted({10, n}):
            project = os.path.join(self.tmp, "alembic_%d" % size)
            W.write_alembic_project(project, size)
            src = os.path.join(self.tmp, "swift_%d" % size)
            W.write_swift_revisions(src, size)
            W.write_empty_models(src)
            tool = os.path.join(self.tmp, "vdi-bench-%d" % size)
            builds[size] = W.link_tool([os.path.join(src, f) for f in sorted(os.listdir(src))], tool, products)
            tools[size] = (tool, project)
            print("built vdi-db-manage with %d generated revision files in %.1f s (reported separately, not in the timings)" % (size, builds[size]), flush=True)
        self.build_seconds = builds

        self.header()
        tool, project = tools[10]
        self.compare("startup: --help", "-", lambda _: ([tool, "--help"], None, None), lambda _: ([ALEMBIC_PY, "-m", "alembic", "--help"], None, None))
        for backend in backends:
            ours_url, their_url, _ = self.dbs.fresh(backend)
            measure([tool, "--database-connection", ours_url, "upgrade", "head"])
            self.compare("startup: current (10 revisions)", backend,
                         lambda _: ([tool, "--database-connection", ours_url, "current"], None, None),
                         lambda _: self.alembic(project, their_url, "current") + (None,))

        tool, project = tools[n]
        for backend in backends:
            ours_url, their_url, _ = self.dbs.fresh(backend)
            measure([tool, "--database-connection", ours_url, "upgrade", "head"])
            for cmd in ["heads", "history", "current"]:
                self.compare("graph: %s (%d revision files)" % (cmd, n), backend,
                             lambda _, c=cmd: ([tool, "--database-connection", ours_url, c], None, None),
                             lambda _, c=cmd: self.alembic(project, their_url, c) + (None,))

        for backend in backends:
            script = os.path.join(self.tmp, "offline_%s.sql" % backend)
            url_for_dialect = {"sqlite": "sqlite:///x.db", "postgresql": "postgresql://u@h/d", "mysql": "mysql://u@h/d"}[backend]
            with open(script, "w") as f:
                subprocess.run([tool, "--database-connection", url_for_dialect, "upgrade", "head", "--sql"], stdout=f, stderr=subprocess.DEVNULL, check=True)
            self.compare("offline: upgrade base:head --sql (%d)" % n, backend,
                         lambda _, u=url_for_dialect: ([tool, "--database-connection", u, "upgrade", "base:head", "--sql"], None, None),
                         lambda _, u=url_for_dialect: self.alembic(project, u.replace("mysql://", "mysql+pymysql://"), "upgrade", "base:head", "--sql") + (None,))
            self.compare("upgrade: base -> head (%d)" % n, backend,
                         lambda ctx: ([tool, "--database-connection", ctx[0], "upgrade", "head"], None, None),
                         lambda ctx: self.alembic(project, ctx[1], "upgrade", "head") + (None,),
                         floor=lambda ctx, s=script: (ctx[2], None, s),
                         prepare=lambda b=backend: self.dbs.fresh(b),
                         note="floor: the database's own client running the same statements")

    def reflection(self):
        """check and inspect on a schema of many tables whose models match, and the catalog-query floor."""
        tables = self.args.tables
        src = os.path.join(self.tmp, "swift_schema")
        W.write_schema_tool_sources(src, tables)
        tool = os.path.join(self.tmp, "vdi-bench-schema")
        W.link_tool([os.path.join(src, "main.swift")], tool, self.args.products)
        project = os.path.join(self.tmp, "alembic_schema")
        W.write_schema_alembic_project(project, tables)
        for backend in self.backends:
            ours_url, their_url, client = self.dbs.fresh(backend)
            measure([tool, "--database-connection", ours_url, "upgrade", "head"])
            measure([tool, "--database-connection", ours_url, "check"])  # the models match: exit 0
            floor_sql = os.path.join(self.tmp, "catalog_%s.sql" % backend)
            with open(floor_sql, "w") as f:
                schema = ours_url.split("?")[0].rsplit("/", 1)[-1]
                f.write(W.CATALOG_FLOOR[backend].replace("{schema}", schema))
            env = dict(os.environ, ALEMBIC_URL=their_url, BENCH_MODELS="bench_models")
            self.compare("reflection: check (%d tables)" % tables, backend,
                         lambda _: ([tool, "--database-connection", ours_url, "check"], None, None),
                         lambda _: ([ALEMBIC_PY, "-m", "alembic", "-c", os.path.join(project, "alembic.ini"), "check"], env, None),
                         floor=lambda _, s=floor_sql: (client, None, s), allow_fail=True,
                         note="floor: the catalog queries alone, by the database's own client; Alembic may exit 1 if it sees differences")
            self.compare("reflection: inspect (%d tables)" % tables, backend,
                         lambda _: ([tool, "--database-connection", ours_url, "inspect", "--format", "json"], None, None),
                         lambda _: ([ALEMBIC_PY, "-c", "import sqlalchemy as sa, os; e = sa.create_engine(os.environ['ALEMBIC_URL']); i = sa.inspect(e); "
                                     "[(i.get_columns(t), i.get_pk_constraint(t), i.get_foreign_keys(t), i.get_indexes(t), i.get_unique_constraints(t)) for t in i.get_table_names()]"], env, None),
                         note="Alembic has no inspect: SQLAlchemy's inspector reading the same")

    def bulk(self):
        """A revision inserting N 10-column rows (op.bulk_insert / op.bulkInsert), against each database's
        own client loading the same rows from CSV (psql \\copy, LOAD DATA LOCAL INFILE, sqlite3 .import)."""
        rows = self.args.bulk_rows
        src = os.path.join(self.tmp, "swift_bulk")
        W.write_bulk_sources(src, rows)
        tool = os.path.join(self.tmp, "vdi-bench-bulk")
        W.link_tool([os.path.join(src, "main.swift")], tool, self.args.products)
        project = os.path.join(self.tmp, "alembic_bulk")
        W.write_bulk_alembic_project(project, rows)
        csv = os.path.join(self.tmp, "bulk.csv")
        W.write_bulk_csv(csv, rows)
        for backend in self.backends:
            floor_script = os.path.join(self.tmp, "bulk_floor_%s" % backend)
            with open(floor_script, "w") as f:
                if backend == "sqlite":
                    # .import has no NULL: the NULL fields arrive as empty text (the same load work).
                    f.write("%s;\n.import --csv %s.pg bulk\n" % (W.BULK_DDL, csv))
                elif backend == "postgresql":
                    f.write("%s;\n\\copy bulk FROM '%s.pg' WITH (FORMAT csv)\n" % (W.BULK_DDL, csv))
                else:
                    f.write("%s;\nLOAD DATA LOCAL INFILE '%s.my' INTO TABLE bulk FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"';\n" % (W.BULK_DDL, csv))

            def floor(ctx, s=floor_script, b=backend):
                client = ctx[2] if b != "mysql" else ctx[2][:2] + ["--local-infile=1"] + ctx[2][2:]
                return client, None, s
            self.compare("bulk insert (%d rows x 10 columns)" % rows, backend,
                         lambda ctx: ([tool, "--database-connection", ctx[0], "upgrade", "head"], None, None),
                         lambda ctx: self.alembic(project, ctx[1], "upgrade", "head") + (None,),
                         floor=floor, prepare=lambda b=backend: self.dbs.fresh(b),
                         note="floor: the database's own client loading the same rows from CSV; rows/s = rows / median")

    def scale(self):
        """heads, history, current and upgrade --sql at 1,000 and 10,000 revisions (SQLite; the graph
        commands do not depend on the backend), per revision, so the growth is visible."""
        self.scale_rows = []
        for n in self.args.scale_revisions:
            src = os.path.join(self.tmp, "swift_loop_%d" % n)
            W.write_loop_revisions_tool(src, n)
            tool = os.path.join(self.tmp, "vdi-bench-loop-%d" % n)
            W.link_tool([os.path.join(src, "main.swift")], tool, self.args.products)
            project = os.path.join(self.tmp, "alembic_%d" % n)
            if not os.path.exists(project):
                W.write_alembic_project(project, n)
            ours_url, their_url, _ = self.dbs.fresh("sqlite")
            measure([tool, "--database-connection", ours_url, "stamp", "head"])
            measure(self.alembic(project, their_url, "stamp", "head")[0], env=self.alembic(project, their_url)[1])
            # Alembic takes about a minute per command at 10,000 revisions: one warm-up and one run there.
            runs = self.args.runs if n <= 1000 else 1
            for label, cmd in [("heads", ["heads"]), ("history", ["history"]), ("current", ["current"]), ("upgrade --sql", ["upgrade", "base:head", "--sql"])]:
                self.compare("scale: %s (%d revisions)" % (label, n), "sqlite",
                             lambda _, c=cmd: ([tool, "--database-connection", ours_url] + c, None, None),
                             lambda _, c=cmd: self.alembic(project, their_url, *c) + (None,),
                             runs_override=runs, note="revisions made in a loop at start (the same ids and DDL as the compiled ones)")
                row = self.results[-1]
                self.scale_rows.append({"command": label, "revisions": n, "ours_s": row["vdi-db-manage"]["median_s"],
                                        "alembic_s": row["alembic"]["median_s"],
                                        "ours_us_per_revision": row["vdi-db-manage"]["median_s"] / n * 1e6})

    def rebuild(self):
        """SQLite: a column's type changed on a table of a million rows (Alembic: batch_alter_table)."""
        rows = self.args.rows
        src = os.path.join(self.tmp, "swift_rebuild")
        W.write_rebuild_sources(src)
        tool = os.path.join(self.tmp, "vdi-bench-rebuild")
        W.link_tool([os.path.join(src, "main.swift")], tool, self.args.products)
        project = os.path.join(self.tmp, "alembic_rebuild")
        W.write_rebuild_alembic_project(project)
        fill = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) INSERT INTO big (id, a, b) SELECT i, i * 7, 'row ' || i FROM n;" % rows
        templates = {}
        for label in ["ours", "alembic"]:
            path = os.path.join(self.tmp, "rebuild_%s.db" % label)
            if label == "ours":
                measure([tool, "--database-connection", "sqlite:///" + path, "upgrade", "rb0000000001"])
            else:
                measure([ALEMBIC_PY, "-m", "alembic", "-c", os.path.join(project, "alembic.ini"), "upgrade", "rb0000000001"], env=dict(os.environ, ALEMBIC_URL="sqlite:///" + path))
            subprocess.run(["sqlite3", path, fill], check=True)
            templates[label] = path
        copy_sql = os.path.join(self.tmp, "copy.sql")
        with open(copy_sql, "w") as f:
            f.write("BEGIN; CREATE TABLE big2 (id INTEGER NOT NULL PRIMARY KEY, a BIGINT, b VARCHAR(20)); INSERT INTO big2 (id, a, b) SELECT id, a, b FROM big; COMMIT;\n")

        def prepare():
            self.dbs.n += 1
            paths = {}
            for label, template in templates.items():
                paths[label] = os.path.join(self.tmp, "rebuild_run_%d_%s.db" % (self.dbs.n, label))
                shutil.copyfile(template, paths[label])
            return paths
        self.compare("rebuild: alter column type (%d rows)" % rows, "sqlite",
                     lambda p: ([tool, "--database-connection", "sqlite:///" + p["ours"], "upgrade", "head"], None, None),
                     lambda p: ([ALEMBIC_PY, "-m", "alembic", "-c", os.path.join(project, "alembic.ini"), "upgrade", "head"], dict(os.environ, ALEMBIC_URL="sqlite:///" + p["alembic"]), None),
                     floor=lambda p: (["sqlite3", p["ours"]], None, copy_sql), prepare=prepare,
                     note="floor: the plain INSERT ... SELECT copy into a new table")

    def graph_sizes(self):
        """Both graphs built in memory at growing sizes; in-process timings (medians of the runs)."""
        products = self.args.products
        tool = os.path.join(self.tmp, "graph-bench")
        args = ["swiftc", "-O", "-I", os.path.join(products, "Modules"), os.path.join(W.ROOT, "bench", "graph_bench.swift")]
        d = os.path.join(products, "MigrationKit.build")
        args += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".o")]
        d = os.path.join(products, "Logging.build")
        args += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".o")] + ["-o", tool]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        self.graph = []
        print("\n%-8s %-10s %10s %10s %10s %10s" % ("size", "tool", "build s", "heads s", "history s", "current s"))
        for size in self.args.graph_sizes:
            for label, cmd in [("vdi-db-manage", [tool, str(size)]), ("alembic", [ALEMBIC_PY, os.path.join(W.ROOT, "bench", "graph_bench.py"), str(size)])]:
                samples = []
                for _ in range(self.args.runs):
                    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                    samples.append(json.loads(out))
                row = {"tool": label, "n": size}
                for key in ["build", "heads", "history", "current"]:
                    row[key] = statistics.median(s[key] for s in samples)
                self.graph.append(row)
                print("%-8d %-10s %10.4f %10.4f %10.4f %10.4f" % (size, label[:10], row["build"], row["heads"], row["history"], row["current"]), flush=True)

    def chart(self, path, graph=None, scale=None):
        """An SVG with two panels: the revision graph in memory (build + history + current, seconds, against
        revisions), and the commands at scale (microseconds per revision, log scale, 1,000 and 10,000)."""
        import math
        graph = graph if graph is not None else self.graph
        scale = scale if scale is not None else getattr(self, "scale_rows", [])
        w, h, m = 640, 380, 60
        colours = {"vdi-db-manage": "#1f77b4", "alembic": "#d62728"}
        total_h = h + (h if scale else 0)
        out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (w, total_h),
               '<rect width="100%" height="100%" fill="white"/>']
        series = {}
        for r in graph:
            series.setdefault(r["tool"], []).append((r["n"], r["build"] + r["history"] + r["current"]))
        xmax = max(n for pts in series.values() for n, _ in pts)
        ymax = max(v for pts in series.values() for _, v in pts) * 1.1
        out += ['<text x="%d" y="20" font-size="14">Revision graph in memory: build + history + current (s) vs revisions</text>' % m,
                '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (m, h - m, w - 20, h - m),
                '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (m, h - m, m, 30)]
        for k in range(5):
            y = h - m - (h - m - 30) * k / 4
            out.append('<text x="5" y="%.0f">%.3f</text>' % (y + 4, ymax * k / 4))
        for n in sorted({n for pts in series.values() for n, _ in pts}):
            x = m + (w - 20 - m) * n / xmax
            out.append('<text x="%.0f" y="%d" text-anchor="middle">%d</text>' % (x, h - m + 18, n))
        for i, (tool, pts) in enumerate(sorted(series.items())):
            coords = " ".join("%.1f,%.1f" % (m + (w - 20 - m) * n / xmax, h - m - (h - m - 30) * v / ymax) for n, v in sorted(pts))
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (colours.get(tool, "black"), coords))
            out.append('<text x="%d" y="%d" fill="%s">%s</text>' % (w - 200, 45 + 16 * i, colours.get(tool, "black"), tool))
        if scale:
            # Second panel: microseconds per revision, log scale; one line per tool and command.
            top = h
            lines = {}
            for r in scale:
                lines.setdefault(("vdi-db-manage", r["command"]), []).append((r["revisions"], r["ours_s"] / r["revisions"] * 1e6))
                lines.setdefault(("alembic", r["command"]), []).append((r["revisions"], r["alembic_s"] / r["revisions"] * 1e6))
            lo = math.floor(math.log10(min(v for pts in lines.values() for _, v in pts)))
            hi = math.ceil(math.log10(max(v for pts in lines.values() for _, v in pts)))
            ns = sorted({n for pts in lines.values() for n, _ in pts})

            def xy(n, v):
                x = m + (w - 220 - m) * (ns.index(n) / max(1, len(ns) - 1))
                y = top + h - m - (h - m - 30) * (math.log10(v) - lo) / max(1, hi - lo)
                return x, y
            out += ['<text x="%d" y="%d" font-size="14">Commands at scale (SQLite): microseconds per revision (log)</text>' % (m, top + 20),
                    '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (m, top + h - m, w - 220, top + h - m),
                    '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (m, top + h - m, m, top + 30)]
            for k in range(lo, hi + 1):
                _, y = xy(ns[0], 10 ** k)
                out.append('<text x="5" y="%.0f">%s</text>' % (y + 4, format(10 ** k, ",")))
            for n in ns:
                x, _ = xy(n, 10 ** lo)
                out.append('<text x="%.0f" y="%d" text-anchor="middle">%s revisions</text>' % (x, top + h - m + 18, format(n, ",")))
            for i, ((tool, command), pts) in enumerate(sorted(lines.items())):
                coords = " ".join("%.1f,%.1f" % xy(n, v) for n, v in sorted(pts))
                dash = ["", "6,3", "2,3", "8,3,2,3"][sorted({c for _, c in lines}).index(command) % 4]
                out.append('<polyline fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s" points="%s"/>' % (colours.get(tool, "black"), dash, coords))
                lx, ly = xy(*sorted(pts)[-1])
                out.append('<text x="%.0f" y="%.0f" fill="%s">%s %s</text>' % (lx + 6, ly + 4, colours.get(tool, "black"), "ours" if tool == "vdi-db-manage" else "alembic", command))
        out.append("</svg>")
        with open(path, "w") as f:
            f.write("\n".join(out))

    def builds(self):
        """Clean and one-new-revision build times of the real project (build_bench.py)."""
        sizes = [int(x) for x in self.args.build_sizes]
        self.build_rows = build_bench.measure(self.tmp, sizes, ["debug", "release"], os.path.join(self.args.products, "vdi-db-manage"),
                                              log=lambda line: print(line, flush=True))

    def write(self):
        """Writes the rows measured now over the same rows of the previous results (a partial run, --only,
        keeps the rest)."""
        old = {}
        if os.path.exists(self.args.out):
            with open(self.args.out) as f:
                old = json.load(f)
        fresh = {(r["workload"], r["backend"]) for r in self.results}
        results = [r for r in old.get("results", []) if (r["workload"], r["backend"]) not in fresh] + self.results
        doc = {"machine": os.uname().nodename, "runs": self.args.runs, "revisions": self.args.revisions,
               "build_seconds": self.build_seconds or old.get("build_seconds", {}), "results": results,
               "graph_in_memory": getattr(self, "graph", None) or old.get("graph_in_memory", []),
               "project_builds": getattr(self, "build_rows", None) or old.get("project_builds", []),
               "scale": getattr(self, "scale_rows", None) or old.get("scale", [])}
        with open(self.args.out, "w") as f:
            json.dump(doc, f, indent=2)
        shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--products", help="the release build's products directory (not needed for --only chart)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--revisions", type=int, default=1000)
    p.add_argument("--out", default="bench/results.json")
    p.add_argument("--chart", default="bench/graph.svg")
    p.add_argument("--graph-sizes", type=int, nargs="+", default=[1000, 2500, 5000, 10000])
    p.add_argument("--tables", type=int, default=1000)
    p.add_argument("--rows", type=int, default=1000000)
    p.add_argument("--only", choices=["all", "startup", "graph", "reflection", "rebuild", "build", "bulk", "scale", "chart"], default="all")
    p.add_argument("--scale-revisions", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--bulk-rows", type=int, default=1000000)
    p.add_argument("--build-sizes", nargs="+", default=["10", "1000", "5000"], help="generated revisions for the project build rows")
    args = p.parse_args()
    if args.only != "chart" and not args.products:
        p.error("--products is required")
    b = Bench(args)
    b.build_seconds = {}
    if args.only == "chart":
        # Redraws bench/graph.svg from the stored results.
        with open(args.out) as f:
            stored = json.load(f)
        b.chart(args.chart, graph=stored.get("graph_in_memory", []), scale=stored.get("scale", []))
        print("chart written to %s" % args.chart)
        shutil.rmtree(b.tmp, ignore_errors=True)
        return
    if args.only in ("all", "startup"):
        b.run()
    if args.only in ("all", "reflection"):
        b.header()
        b.reflection()
    if args.only in ("all", "rebuild"):
        b.header()
        b.rebuild()
    if args.only in ("all", "scale"):
        b.header()
        b.scale()
    if args.only in ("all", "bulk"):
        b.header()
        b.bulk()
    if args.only in ("all", "build"):
        b.builds()
    if args.only in ("all", "graph"):
        b.graph_sizes()
        b.chart(args.chart)
    b.write()
    print("chart written to %s" % args.chart)
    print("results written to %s" % args.out)


if __name__ == "__main__":
    main()
