"""Build times of the real project with a long history (issue #19): a copy of this package with N
generated revisions after VDI's own, laid out as a history is kept — releases of 100 revisions frozen
into modules of their own with `freeze_release`, the newest 100 in the release in development — built
clean, then rebuilt after `vdi-db-manage revision -m` adds one revision, in debug and release."""
import os
import shutil
import subprocess
import time

import workloads as W

RELEASE_SIZE = 100
VDI_HEAD = "a56fa8e3e984"  # the contract head of VDI's Newton release; generated revisions follow it


def copy_project(dest):
    """The package as committed: Package.swift, Sources, Plugins and Tests (the test targets are declared too)."""
    files = subprocess.run(["git", "-C", W.ROOT, "ls-files", "-z", "Package.swift", "Sources", "Plugins", "Tests"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    for f in files:
        if not f or not os.path.exists(os.path.join(W.ROOT, f)):
            continue
        os.makedirs(os.path.dirname(os.path.join(dest, f)) or dest, exist_ok=True)
        shutil.copy2(os.path.join(W.ROOT, f), os.path.join(dest, f))


def gen_id(i):
    return "g%011d" % i


def write_revision(versions, i, parent):
    kind, table, column = W.revision_ops(i)
    if kind == "table":
        up = ('try op.createTable(Table("%s") {\n            Column("id", .integer, nullable: false)\n'
              '            Column("name", .string(length: 50))\n            Key.primary("id")\n        })' % table)
        undo = 'try op.dropTable("%s")' % table
    else:
        up = 'try op.addColumn("%s", Column("%s", .integer))' % (table, column)
        undo = 'try op.dropColumn("%s", "%s")' % (table, column)
    rid = gen_id(i)
    with open(os.path.join(versions, "%s_generated_%d.swift" % (rid, i)), "w") as f:
        f.write("import MigrationKit\n\n/// generated %d\n///\n/// Revision ID: %s\n/// Revises: %s\n"
                "struct Revision_%s: MigrationScript {\n    static let id = \"%s\"\n    static let parents: [String] = [\"%s\"]\n"
                "    static let message = \"generated %d\"\n\n    func upgrade(_ op: Operations) throws {\n        %s\n    }\n\n"
                "    func downgrade(_ op: Operations) throws {\n        %s\n    }\n}\n" % (i, rid, parent, rid, rid, parent, i, up, undo))
    return "Revision_%s" % rid


def register(project, names):
    path = os.path.join(project, "Sources", "Migrations", "Registry.swift")
    text = open(path).read()
    marker = "        // registry: end\n"
    text = text.replace(marker, "".join("        %s.self,\n" % n for n in names) + marker, 1)
    open(path, "w").write(text)


def generate(project, n, tool):
    """n revisions after VDI's head; all but the newest RELEASE_SIZE frozen in releases of RELEASE_SIZE."""
    versions = os.path.join(project, "Sources", "Migrations", "Versions")
    parent, batch, release = VDI_HEAD, [], 0
    frozen_upto = max(0, n - RELEASE_SIZE) // RELEASE_SIZE * RELEASE_SIZE
    for i in range(n):
        batch.append(write_revision(versions, i, parent))
        parent = gen_id(i)
        if i + 1 <= frozen_upto and (i + 1) % RELEASE_SIZE == 0:
            register(project, batch)
            batch = []
            release += 1
            subprocess.run([tool, "--subproject", "vdi", "--database-connection", "sqlite://", "freeze_release", "Generated%03d" % release],
                           cwd=project, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    register(project, batch)
    return parent, release


def build(project, mode):
    start = time.monotonic()
    r = subprocess.run(["swift", "build", "-c", mode, "--product", "vdi-db-manage"], cwd=project, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if r.returncode != 0:
        raise RuntimeError("swift build -c %s failed in %s:\n%s" % (mode, project, (r.stdout + r.stderr)[-3000:]))
    binary = subprocess.run(["swift", "build", "-c", mode, "--show-bin-path"], cwd=project, check=True, capture_output=True, text=True).stdout.strip()
    return elapsed, os.path.join(binary, "vdi-db-manage")


def measure(tmp, sizes, modes, tool, rebuilds=2, log=print):
    """Rows: size, mode, clean build s, one-new-revision rebuild s (each of `rebuilds` in turn)."""
    rows = []
    tool = os.path.abspath(tool)  # it runs in the generated project's folder
    for n in sizes:
        for mode in modes:
            project = os.path.join(tmp, "build_%d_%s" % (n, mode))
            shutil.rmtree(project, ignore_errors=True)
            copy_project(project)
            head, releases = generate(project, n, tool)
            clean, binary = build(project, mode)
            times = []
            for k in range(rebuilds):
                rid = "n%011d" % k
                subprocess.run([binary, "--subproject", "vdi", "--database-connection", "sqlite://", "revision", "-m", "one more %d" % k,
                                "--rev-id", rid, "--head", head], cwd=project, check=True, capture_output=True)
                seconds, binary = build(project, mode)
                heads = subprocess.run([binary, "--subproject", "vdi", "heads"], cwd=project, check=True, capture_output=True, text=True).stdout
                if rid not in heads:
                    raise RuntimeError("the rebuilt binary does not have revision %s: %s" % (rid, heads))
                times.append(seconds)
                head = rid
            row = {"revisions": n + 20, "generated": n, "frozen_releases": releases + 5, "mode": mode,
                   "clean_s": clean, "one_new_revision_s": sorted(times)[len(times) // 2], "rebuilds_s": times}
            log("build %-7s %5d revisions (%2d frozen releases): clean %6.1f s, one new revision %5.1f s %s"
                % (mode, n + 20, releases + 5, clean, row["one_new_revision_s"], ["%.1f" % t for t in times]))
            rows.append(row)
            shutil.rmtree(project, ignore_errors=True)
    return rows
