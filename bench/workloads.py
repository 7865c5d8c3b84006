"""Generates the benchmark workloads for both tools: the same revisions (ids, parents and DDL) as
Python Alembic scripts and as Swift revision files compiled into a vdi-db-manage binary."""
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rev_id(i):
    return "b%011d" % i


def revision_ops(i):
    """Revision i creates a table every 10th time, else adds a column to the latest table."""
    if i % 10 == 0:
        return ("table", "bt_%04d" % i, None)
    return ("column", "bt_%04d" % (i - i % 10), "c_%04d" % i)


def write_alembic_project(root, n):
    os.makedirs(os.path.join(root, "migrations", "versions"), exist_ok=True)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\n")
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write('''import os, importlib
from alembic import context
from sqlalchemy import create_engine
target = None
if os.environ.get("BENCH_MODELS"):
    target = importlib.import_module(os.environ["BENCH_MODELS"]).metadata
if context.is_offline_mode():
    context.configure(url=os.environ["ALEMBIC_URL"], target_metadata=target, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(os.environ["ALEMBIC_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
''')
    with open(os.path.join(root, "migrations", "script.py.mako"), "w") as f:
        f.write("")
    for i in range(n):
        kind, table, column = revision_ops(i)
        down = repr(rev_id(i - 1)) if i else "None"
        if kind == "table":
            up = "op.create_table(%r, sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(50)))" % table
            undo = "op.drop_table(%r)" % table
        else:
            up = "op.add_column(%r, sa.Column(%r, sa.Integer))" % (table, column)
            undo = "op.drop_column(%r, %r)" % (table, column)
        with open(os.path.join(root, "migrations", "versions", rev_id(i) + ".py"), "w") as f:
            f.write("from alembic import op\nimport sqlalchemy as sa\nrevision = %r\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n"
                    "def upgrade():\n    %s\n\ndef downgrade():\n    %s\n" % (rev_id(i), down, up, undo))


def write_swift_revisions(src, n):
    os.makedirs(src, exist_ok=True)
    names = []
    for i in range(n):
        kind, table, column = revision_ops(i)
        parents = '[%s]' % ('"%s"' % rev_id(i - 1) if i else "")
        if kind == "table":
            up = ('try op.createTable(Table(name: "%s", columns: [Column("id", .integer, nullable: false), Column("name", .string(length: 50))], '
                  'primaryKey: PrimaryKey(name: "pk_%s", columns: ["id"])))' % (table, table))
            undo = 'try op.dropTable("%s")' % table
        else:
            up = 'try op.addColumn("%s", Column("%s", .integer))' % (table, column)
            undo = 'try op.dropColumn("%s", "%s")' % (table, column)
        name = "Revision_%s" % rev_id(i)
        names.append(name)
        with open(os.path.join(src, rev_id(i) + ".swift"), "w") as f:
            f.write("import MigrationKit\n\nstruct %s: MigrationScript {\n    static let id = \"%s\"\n    static let parents: [String] = %s\n"
                    "    static let message = \"bench %d\"\n\n    func upgrade(_ op: Operations) throws {\n        %s\n    }\n\n"
                    "    func downgrade(_ op: Operations) throws {\n        %s\n    }\n}\n" % (name, rev_id(i), parents, i, up, undo))
    with open(os.path.join(src, "main.swift"), "w") as f:
        f.write("import MigrationKit\nimport VDIDBManageCLI\n\nlet scripts: [any MigrationScript.Type] = [\n%s]\n"
                "VDIDBManageCommand.main(repositories: [MigrationRepository(name: \"bench\", revisions: scripts.map { $0.revision }, "
                "sourceDirectory: \"none\", registryType: \"none\", models: BenchModels.schema)])\n" % "".join("    %s.self,\n" % n for n in names))
    return names


def link_tool(sources, output, products):
    """Compiles Swift sources against the release build's modules and objects; returns seconds taken."""
    args = ["swiftc", "-O", "-I", os.path.join(products, "Modules")]
    for m in ["CLibPQ", "CMariaDB", "CSQLite3"]:
        args += ["-I", os.path.join(ROOT, "Sources", m)]
    args += ["-Xcc", "-I/usr/include/postgresql", "-Xcc", "-I/usr/include/mariadb", "-module-name", "BenchTool"]
    args += sources
    for target in ["MigrationKit", "MigrationKitDrivers", "VDIDBManageCLI", "ArgumentParser", "ArgumentParserToolInfo", "Logging"]:
        d = os.path.join(products, target + ".build")
        args += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".o")]
    args += ["-L/usr/lib/x86_64-linux-gnu", "-lpq", "-lmariadb", "-lsqlite3", "-o", output]
    start = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def write_empty_models(src):
    with open(os.path.join(src, "BenchModels.swift"), "w") as f:
        f.write("import MigrationKit\n\nenum BenchModels {\n    static let schema: Schema? = nil\n}\n")
