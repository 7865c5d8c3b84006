import MigrationKit

/// One operation kind with the table it works on, for the golden SQL tests.
struct OperationCase: Sendable {
    var name: String
    var op: MigrationOperation
    var testDescription: String { name }
}


enum OperationCases {
    static let status = SQLEnum(name: "pool_status", values: ["active", "draining"])
    static let pools = Table("pools", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("name", .string(length: 64), nullable: false, default: .string("it's"))
        Column("status", .enumeration(status), nullable: false, default: .string("active"))
        Column("image_id", .integer)
        Column("created_at", .dateTime(timezone: false), default: .expression("CURRENT_TIMESTAMP"))
        Key.primary("id")
        Key.foreign(["image_id"], references: "images", ["id"], onDelete: .setNull)
        Key.unique("name")
        Key.index("image_id", "created_at")
        Key.check("ck_pools_name", "name <> ''")
    }

    static let all: [OperationCase] = [
        OperationCase(name: "createTable", op: .createTable(pools)),
        OperationCase(name: "dropTable", op: .dropTable(pools)),
        OperationCase(name: "renameTable", op: .renameTable(from: "pools", to: "desktop pools")),
        OperationCase(name: "addColumn", op: .addColumn(table: "pools", Column("quota", .integer, nullable: false, default: .integer(10), comment: "max desktops"))),
        OperationCase(name: "dropColumn", op: .dropColumn(table: "pools", Column("created_at", .dateTime(timezone: false)))),
        OperationCase(name: "alterColumnType", op: .alterColumn(ColumnAlteration(table: "pools", column: "name", existing: pools.column("name")!, type: .string(length: 255)))),
        OperationCase(name: "alterColumnNullable", op: .alterColumn(ColumnAlteration(table: "pools", column: "image_id", existing: pools.column("image_id")!, nullable: false))),
        OperationCase(name: "alterColumnDefault", op: .alterColumn(ColumnAlteration(table: "pools", column: "name", existing: pools.column("name")!, defaultValue: .some(nil)))),
        OperationCase(name: "alterColumnRename", op: .alterColumn(ColumnAlteration(table: "pools", column: "image_id", existing: pools.column("image_id")!, newName: "base_image_id"))),
        OperationCase(name: "alterColumnComment", op: .alterColumn(ColumnAlteration(table: "pools", column: "name", existing: pools.column("name")!, comment: .some("shown to users")))),
        OperationCase(name: "alterEnumAddValue", op: .alterColumn(ColumnAlteration(table: "pools", column: "status", existing: pools.column("status")!, type: .enumeration(SQLEnum(name: "pool_status", values: ["active", "draining", "disabled"]))))),
        OperationCase(name: "createIndex", op: .createIndex(table: "pools", Index(name: "ix_pools_name", columns: ["name", "status"], unique: true))),
        OperationCase(name: "dropIndex", op: .dropIndex(table: "pools", pools.indexes[0])),
        OperationCase(name: "addUnique", op: .addUnique(table: "pools", UniqueConstraint(name: "uq_pools_image", columns: ["image_id"]))),
        OperationCase(name: "dropUnique", op: .dropUnique(table: "pools", pools.uniqueConstraints[0])),
        OperationCase(name: "addForeignKey", op: .addForeignKey(table: "pools", ForeignKey(name: "fk_pools_owner", columns: ["image_id"], references: "owners", ["id"], onDelete: .cascade, onUpdate: .restrict))),
        OperationCase(name: "dropForeignKey", op: .dropForeignKey(table: "pools", pools.foreignKeys[0])),
        OperationCase(name: "addCheck", op: .addCheck(table: "pools", CheckConstraint(name: "ck_pools_image", expression: "image_id > 0"))),
        OperationCase(name: "dropCheck", op: .dropCheck(table: "pools", pools.checkConstraints[0])),
        OperationCase(name: "addPrimaryKey", op: .addPrimaryKey(table: "pools", PrimaryKey(name: "pk_pools", columns: ["id", "name"]))),
        OperationCase(name: "dropPrimaryKey", op: .dropPrimaryKey(table: "pools", PrimaryKey(name: "pk_pools", columns: ["id"]))),
        OperationCase(name: "execute", op: .execute(DialectSQL("UPDATE pools SET name = upper(name)", perBackend: [.mysql: "UPDATE pools SET name = UPPER(name)"]), reverse: nil)),
        OperationCase(name: "bulkInsert", op: .bulkInsert(BulkInsert(table: "pools", columns: ["id", "name"], rows: [[1, "O'Neil \\ x"], [2, .null], [3, "z"]], batchSize: 2))),
    ]
}
