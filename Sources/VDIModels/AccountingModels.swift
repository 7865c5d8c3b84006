import MigrationKit

/// Usage accounting, an optional part of VDI with its own history and version table: who used which
/// desktop, when and for how long, for billing. It keeps copies of identifiers rather than foreign keys
/// into the core schema, so it can be installed, upgraded or left out on its own.
public enum AccountingModels {
    public static var schema: Schema { Schema([sessionRecords, rates]) }

    public static let sessionRecords = Table("acct_session_records", options: .innoDBUTF8MB4) {
        Column("id", .bigInteger, nullable: false, autoincrement: true)
        Column("session_uuid", .string(length: 36), nullable: false)
        Column("desktop_uuid", .string(length: 36), nullable: false)
        Column("pool_uuid", .string(length: 36))
        Column("user_id", .string(length: 255), nullable: false)
        Column("project_id", .string(length: 255), nullable: false)
        Column("protocol", .string(length: 16))
        Column("started_at", .dateTime(timezone: false), nullable: false)
        Column("ended_at", .dateTime(timezone: false))
        Column("duration_seconds", .integer)
        Column("billed", .boolean, nullable: false, default: .boolean(false))
        Column("created_at", .dateTime(timezone: false))
        Key.primary("id")
        Key.unique("session_uuid")
        Key.index("project_id", "started_at")
        Key.check("ck_acct_session_records_duration", "duration_seconds >= 0")
    }

    public static let rates = Table("acct_rates", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("project_id", .string(length: 255), nullable: false)
        Column("price_per_hour", .numeric(precision: 10, scale: 4), nullable: false, default: .integer(0))
        Column("currency", .string(length: 3), nullable: false, default: .string("EUR"))
        Column("valid_from", .dateTime(timezone: false), nullable: false)
        Key.primary("id")
        Key.unique("project_id", "valid_from")
    }
}
