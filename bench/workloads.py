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
    # Linked as the product's release binary is: the Swift runtime static, SQLite at link time, libpq
    # and libmariadb opened when a URL needs them.
    args += ["-static-stdlib", "-L/usr/lib/x86_64-linux-gnu", "-lsqlite3", "-o", output]
    start = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def write_empty_models(src):
    with open(os.path.join(src, "BenchModels.swift"), "w") as f:
        f.write("import MigrationKit\n\nenum BenchModels {\n    static let schema: Schema? = nil\n}\n")


SCHEMA_REV = "s00000000001"


def write_schema_tool_sources(src, tables):
    """A vdi-db-manage whose models are `tables` tables, and one revision creating them."""
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "main.swift"), "w") as f:
        f.write('''import MigrationKit
import VDIDBManageCLI

/// %d tables of 10 columns, 2 indexes and 1 foreign key each.
let tables: [Table] = (0..<%d).map { i in
    let name = "rt_" + String(i)
    return Table(
        name: name,
        columns: [
            Column("id", .integer, nullable: false, autoincrement: true), Column("name", .string(length: 50), nullable: false),
            Column("descr", .text), Column("count", .integer, nullable: false, default: .integer(0)),
            Column("price", .numeric(precision: 10, scale: 2)), Column("flag", .boolean),
            Column("created", .dateTime(timezone: false)), Column("ref_id", .integer),
            Column("code", .string(length: 20)), Column("extra", .string(length: 100)),
        ],
        primaryKey: PrimaryKey(name: "pk_" + name, columns: ["id"]),
        foreignKeys: [ForeignKey(name: "fk_" + name + "_ref", columns: ["ref_id"], references: "rt_0", ["id"])],
        indexes: [Index(name: "ix_" + name + "_name", columns: ["name"]), Index(name: "ix_" + name + "_code", columns: ["code", "created"])],
        options: .innoDBUTF8MB4)
}
let create = Revision(id: "%s", message: "create the tables", upgrade: { op in
    for t in tables { try op.createTable(t) }
})
VDIDBManageCommand.main(repositories: [MigrationRepository(
    name: "bench", revisions: [create], sourceDirectory: "none", registryType: "none", models: Schema(tables))])
''' % (tables, tables, SCHEMA_REV))


def write_schema_alembic_project(root, tables):
    """The same tables as SQLAlchemy models, and a revision with the same id (the database is created by
    vdi-db-manage; Alembic only compares)."""
    write_alembic_project(root, 0)
    with open(os.path.join(root, "bench_models.py"), "w") as f:
        f.write('''import sqlalchemy as sa
metadata = sa.MetaData()
for i in range(%d):
    name = "rt_%%d" %% i
    sa.Table(name, metadata,
             sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(50), nullable=False),
             sa.Column("descr", sa.Text), sa.Column("count", sa.Integer, nullable=False, server_default="0"),
             sa.Column("price", sa.Numeric(10, 2)), sa.Column("flag", sa.Boolean),
             sa.Column("created", sa.DateTime), sa.Column("ref_id", sa.Integer, sa.ForeignKey("rt_0.id", name="fk_%%s_ref" %% name)),
             sa.Column("code", sa.String(20)), sa.Column("extra", sa.String(100)),
             sa.Index("ix_%%s_name" %% name, "name"), sa.Index("ix_%%s_code" %% name, "code", "created"),
             mysql_engine="InnoDB", mysql_charset="utf8mb4")
''' % tables)
    with open(os.path.join(root, "migrations", "env.py")) as f:
        env = f.read()
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write("import sys, os\nsys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\n" + env)
    with open(os.path.join(root, "migrations", "versions", SCHEMA_REV + ".py"), "w") as f:
        f.write("revision = %r\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n" % SCHEMA_REV)


def write_rebuild_sources(src):
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "main.swift"), "w") as f:
        f.write('''import MigrationKit
import VDIDBManageCLI

let revisions = [
    Revision(id: "rb0000000001", message: "big table", upgrade: { op in
        try op.createTable(Table(name: "big", columns: [Column("id", .integer, nullable: false), Column("a", .integer), Column("b", .string(length: 20))],
                                 primaryKey: PrimaryKey(name: "pk_big", columns: ["id"])))
    }),
    Revision(id: "rb0000000002", parents: ["rb0000000001"], message: "widen a", upgrade: { op in
        try op.alterColumn("big", "a", type: .bigInteger)
    }),
]
VDIDBManageCommand.main(repositories: [MigrationRepository(name: "bench", revisions: revisions, sourceDirectory: "none", registryType: "none")])
''')


def write_rebuild_alembic_project(root):
    write_alembic_project(root, 0)
    files = {
        "rb0000000001": ("None", "op.create_table('big', sa.Column('id', sa.Integer, primary_key=True), sa.Column('a', sa.Integer), sa.Column('b', sa.String(20)))"),
        "rb0000000002": ("'rb0000000001'", "with op.batch_alter_table('big') as batch:\n        batch.alter_column('a', type_=sa.BigInteger)"),
    }
    for rev, (down, up) in files.items():
        with open(os.path.join(root, "migrations", "versions", rev + ".py"), "w") as f:
            f.write("from alembic import op\nimport sqlalchemy as sa\nrevision = %r\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n"
                    "def upgrade():\n    %s\n\ndef downgrade():\n    pass\n" % (rev, down, up))


# The catalog queries reflection needs, run by each database's own client: the floor for `check`.
CATALOG_FLOOR = {
    "sqlite": """SELECT m.name, m.sql FROM sqlite_master m WHERE m.type = 'table';
SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table';
SELECT m.name, f.id, f."table", f."from", f."to" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table';
SELECT m.name, il.name, il."unique", ii.name FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii WHERE m.type = 'table';
""",
    "postgresql": """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r';
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped;
SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema();
SELECT c.relname, i.relname, ix.indisunique, ix.indkey FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema();
SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema();
""",
    # The reflector's own queries: one view each, the schema as a constant ({schema} is filled in).
    "mysql": """SELECT DATABASE();
SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{schema}' AND TABLE_TYPE = 'BASE TABLE';
SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{schema}';
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{schema}';
SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{schema}';
SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{schema}';
SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = '{schema}';
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{schema}';
""",
}


# Bulk data (issue #17): one revision creating a 10-column table and inserting N generated rows, the
# same rows in both tools and in the CSV file the databases' own clients load.
BULK_COLUMNS = ["id", "a", "b", "c", "name", "city", "tag", "ratio", "day", "maybe"]


def bulk_row(i):
    """Row i: integers, text (one value with a quote, for escaping), a float, a date as text, a NULL every third row."""
    return (i, i * 7 % 1000003, i % 97, i * 31, "name %d" % i, "city-%d" % (i % 1000), "tag'%d" % (i % 10),
            i * 0.5, "2026-12-%02d" % (1 + i % 28), None if i % 3 == 0 else i)


def write_bulk_sources(src, rows):
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "main.swift"), "w") as f:
        f.write('''import MigrationKit
import VDIDBManageCLI

let n = %d
let revisions = [
    Revision(id: "bk0000000001", message: "bulk rows", upgrade: { op in
        try op.createTable(Table("bulk") {
            Column("id", .integer, nullable: false)
            Column("a", .integer)
            Column("b", .integer)
            Column("c", .bigInteger)
            Column("name", .string(length: 50))
            Column("city", .string(length: 50))
            Column("tag", .string(length: 20))
            Column("ratio", .float)
            Column("day", .string(length: 10))
            Column("maybe", .integer)
            Key.primary("id")
        })
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(n)
        for i in 1...n {
            let day = 1 + i %% 28
            rows.append([.integer(Int64(i)), .integer(Int64(i * 7 %% 1000003)), .integer(Int64(i %% 97)), .integer(Int64(i * 31)),
                         .text("name \\(i)"), .text("city-\\(i %% 1000)"), .text("tag'\\(i %% 10)"), .double(Double(i) * 0.5),
                         .text("2026-12-" + (day < 10 ? "0" : "") + String(day)), i %% 3 == 0 ? .null : .integer(Int64(i))])
        }
        try op.bulkInsert("bulk", columns: %s, rows: rows)
    }),
]
VDIDBManageCommand.main(repositories: [MigrationRepository(name: "bench", revisions: revisions, sourceDirectory: "none", registryType: "none")])
''' % (rows, "[" + ", ".join('"%s"' % c for c in BULK_COLUMNS) + "]"))


BULK_DDL = ("CREATE TABLE bulk (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, c BIGINT, name VARCHAR(50), "
            "city VARCHAR(50), tag VARCHAR(20), ratio FLOAT, day VARCHAR(10), maybe INTEGER)")


def write_bulk_alembic_project(root, rows):
    write_alembic_project(root, 0)
    with open(os.path.join(root, "migrations", "versions", "bk0000000001.py"), "w") as f:
        f.write('''from alembic import op
import sqlalchemy as sa
revision = 'bk0000000001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    t = op.create_table('bulk', sa.Column('id', sa.Integer, primary_key=True, autoincrement=False), sa.Column('a', sa.Integer),
                        sa.Column('b', sa.Integer), sa.Column('c', sa.BigInteger), sa.Column('name', sa.String(50)),
                        sa.Column('city', sa.String(50)), sa.Column('tag', sa.String(20)), sa.Column('ratio', sa.Float),
                        sa.Column('day', sa.String(10)), sa.Column('maybe', sa.Integer))
    op.bulk_insert(t, [dict(id=i, a=i * 7 %% 1000003, b=i %% 97, c=i * 31, name="name %%d" %% i, city="city-%%d" %% (i %% 1000),
                            tag="tag'%%d" %% (i %% 10), ratio=i * 0.5, day="2026-12-%%02d" %% (1 + i %% 28), maybe=None if i %% 3 == 0 else i)
                       for i in range(1, %d + 1)])


def downgrade():
    pass
''' % rows)


def write_bulk_csv(path, rows):
    """The same rows as CSV for the clients' own loaders: NULL as an empty field (psql) or \\N (MariaDB)."""
    import csv
    for variant, null in [("pg", ""), ("my", "\\N")]:
        with open(path + "." + variant, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            for i in range(1, rows + 1):
                w.writerow([null if v is None else v for v in bulk_row(i)])


def write_loop_revisions_tool(src, n):
    """A vdi-db-manage with the same n revisions as write_swift_revisions (ids, parents, DDL), made in a
    loop at start instead of compiled from n files: compiling 10,000 revision files takes about half an
    hour here, and the commands' work (the graph, the plan, the SQL) is the same."""
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "main.swift"), "w") as f:
        f.write('''import MigrationKit
import VDIDBManageCLI

func revID(_ i: Int) -> String {
    let digits = String(i)
    return "b" + String(repeating: "0", count: 11 - digits.count) + digits
}
func four(_ i: Int) -> String {
    let digits = String(i)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
let revisions: [Revision] = (0..<%d).map { i in
    let table = "bt_" + four(i - i %% 10)
    if i %% 10 == 0 {
        return Revision(id: revID(i), parents: i == 0 ? [] : [revID(i - 1)], message: "bench \\(i)", upgrade: { op in
            try op.createTable(Table(name: table, columns: [Column("id", .integer, nullable: false), Column("name", .string(length: 50))],
                                     primaryKey: PrimaryKey(name: "pk_" + table, columns: ["id"])))
        }, downgrade: { op in try op.dropTable(table) })
    }
    let column = "c_" + four(i)
    return Revision(id: revID(i), parents: [revID(i - 1)], message: "bench \\(i)", upgrade: { op in
        try op.addColumn(table, Column(column, .integer))
    }, downgrade: { op in try op.dropColumn(table, column) })
}
VDIDBManageCommand.main(repositories: [MigrationRepository(name: "bench", revisions: revisions, sourceDirectory: "none", registryType: "none")])
''' % n)
