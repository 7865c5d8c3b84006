"""Runs Alembic commands on a revision graph for the differential test (AlembicDifferentialTests).

Reads JSON from the file its argument names: {"graph": [{"id", "parents", "depends_on", "branch_labels"}], "dir": DIR,
"cases": [{"rows": [...], "command": "upgrade"|"downgrade"|"stamp", "target": str, "sql": bool}]}.
Writes an Alembic script directory for the graph (empty bodies) under DIR, and for each case: an SQLite
database holding `rows` in alembic_version, the command run through Alembic's own API (online, or
with sql=True, the script then applied with sqlite3 to a database holding `rows`), and the rows after.
Prints JSON: [{"ok": bool, "rows": [...], "error": str}] in the cases' order.
"""
import io
import json
import os
import sqlite3
import sys

from alembic import command
from alembic.config import Config

ENV = '''
from alembic import context
from sqlalchemy import create_engine
url = context.config.get_main_option("sqlalchemy.url")
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
'''

SCRIPT = '''revision = {id!r}
down_revision = {down}
branch_labels = {labels}
depends_on = {depends}
def upgrade():
    pass
def downgrade():
    pass
'''


def tup(values):
    if not values:
        return "None"
    if len(values) == 1:
        return repr(values[0])
    return "(" + ", ".join(repr(v) for v in values) + ")"


def write_project(graph, root):
    os.makedirs(os.path.join(root, "versions"), exist_ok=True)
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for r in graph:
        labels = "(" + "".join(repr(l) + "," for l in r["branch_labels"]) + ")" if r["branch_labels"] else "None"
        depends = "(" + "".join(repr(d) + "," for d in r["depends_on"]) + ")" if r["depends_on"] else "None"
        with open(os.path.join(root, "versions", r["id"] + ".py"), "w") as f:
            f.write(SCRIPT.format(id=r["id"], down=tup(r["parents"]), labels=labels, depends=depends))


def with_rows(path, rows):
    if os.path.exists(path):
        os.remove(path)
    c = sqlite3.connect(path)
    if rows is not None:
        c.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                  "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        c.executemany("INSERT INTO alembic_version VALUES (?)", [(r,) for r in rows])
    c.commit()
    c.close()


def read_rows(path):
    c = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in c.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.OperationalError:
        return []
    finally:
        c.close()


def server_with_rows(url, rows):
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS alembic_version"))
        if rows is not None:
            c.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                           "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
            for r in rows:
                c.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": r})
    engine.dispose()


def server_rows(url):
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return sorted(r[0] for r in c.execute(text("SELECT version_num FROM alembic_version")))
    except Exception:
        return []
    finally:
        engine.dispose()


def main_server(spec):
    """The same on a PostgreSQL or MariaDB database: rows set through SQLAlchemy, scripts applied by
    the database's own client (spec["client"]: its arguments, the script then on stdin)."""
    import subprocess
    root = os.path.join(spec["dir"], "alembic")
    write_project(spec["graph"], root)
    url = spec["url"]
    out = []
    for case in spec["cases"]:
        buf = io.StringIO()
        cfg = Config(output_buffer=buf)
        cfg.set_main_option("script_location", root)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        server_with_rows(url, case.get("rows"))
        run = getattr(command, case["command"])
        try:
            if case["sql"]:
                run(cfg, case["target"], sql=True)
                r = subprocess.run(spec["client"], input=buf.getvalue().encode(), capture_output=True)
                if r.returncode != 0:
                    raise RuntimeError("client: " + r.stderr.decode()[:200])
            else:
                run(cfg, case["target"])
            out.append({"ok": True, "rows": server_rows(url), "error": ""})
        except Exception as e:
            out.append({"ok": False, "rows": server_rows(url), "error": type(e).__name__ + ": " + str(e).split("\n")[0]})
    json.dump(out, sys.stdout)


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    if spec.get("url"):
        return main_server(spec)
    root = os.path.join(spec["dir"], "alembic")
    write_project(spec["graph"], root)
    db = os.path.join(spec["dir"], "alembic.db")
    out = []
    for case in spec["cases"]:
        buf = io.StringIO()
        cfg = Config(output_buffer=buf)
        cfg.set_main_option("script_location", root)
        cfg.set_main_option("sqlalchemy.url", "sqlite:///" + db)
        with_rows(db, case.get("rows"))
        run = getattr(command, case["command"])
        try:
            if case["sql"]:
                run(cfg, case["target"], sql=True)
                with_rows(db, case.get("rows") if case.get("rows") else None)
                c = sqlite3.connect(db)
                c.executescript(buf.getvalue())
                c.close()
            else:
                run(cfg, case["target"])
            out.append({"ok": True, "rows": read_rows(db), "error": ""})
        except Exception as e:  # any refusal is a refusal: the test compares exit, not wording
            out.append({"ok": False, "rows": read_rows(db), "error": type(e).__name__ + ": " + str(e).split("\n")[0]})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
