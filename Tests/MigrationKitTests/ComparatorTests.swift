import MigrationKit
import Testing

@Suite("Comparator rules")
struct ComparatorTests {
    let parent = Table("parents") {
        Column("id", .integer, nullable: false)
        Key.primary("id")
    }

    @Test("a table naming its previous name is renamed, not dropped and created")
    func tableRename() {
        var renamed = parent
        renamed.name = "guardians"
        renamed.previousName = "parents"
        let ops = SchemaComparator(dialect: PostgreSQLDialect()).compare(model: Schema([renamed]), database: Schema([parent]))
        #expect(ops == [.renameTable(from: "parents", to: "guardians")])
    }

    @Test("new tables come before the keys that reference them; dependants are dropped first")
    func ordering() {
        let child = Table("children") {
            Column("id", .integer, nullable: false)
            Column("parent_id", .integer)
            Key.primary("id")
            Key.foreign(["parent_id"], references: "parents", ["id"])
        }
        let create = SchemaComparator(dialect: SQLiteDialect()).compare(model: Schema([child, parent]), database: Schema())
        #expect(create.map(\.summary) == ["add table parents", "add table children"])
        let drop = SchemaComparator(dialect: SQLiteDialect()).compare(model: Schema(), database: Schema([parent, child]))
        #expect(drop.map(\.summary) == ["remove table children", "remove table parents"])
    }

    @Test("excluded tables and wildcards are ignored")
    func exclusions() {
        let c = SchemaComparator(dialect: MySQLDialect(), excluded: ["alembic_version", "tmp_*", "*_shadow"])
        let db = Schema([Table("alembic_version") { Column("version_num", .string(length: 32)) },
                         Table("tmp_x") { Column("a", .integer) }, Table("a_shadow") { Column("a", .integer) }])
        #expect(c.compare(model: Schema(), database: db).isEmpty)
    }

    @Test("MySQL spellings are not differences")
    func mysqlNormalisation() {
        let model = Table("t") {
            Column("flag", .boolean, default: .boolean(true))
            Column("state", .enumeration(SQLEnum(name: "st", values: ["a", "b"])))
            Column("n", .numeric(precision: nil, scale: nil), default: .integer(0))
            Key.index("flag", unique: true, name: "uix")
        }
        let reflected = Table(name: "t", columns: [
            Column("flag", .boolean, default: .integer(1)),
            Column("state", .enumeration(SQLEnum(name: "state", values: ["a", "b"]))),
            Column("n", .numeric(precision: 10, scale: 0), default: .string("0")),
        ], uniqueConstraints: [UniqueConstraint(name: "uix", columns: ["flag"])])
        #expect(SchemaComparator(dialect: MySQLDialect()).compare(model: Schema([model]), database: Schema([reflected])).isEmpty)
    }
}
