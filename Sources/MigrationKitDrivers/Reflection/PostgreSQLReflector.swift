import MigrationKit

/// Reads a PostgreSQL schema (the connection's current schema) with five pg_catalog queries: tables,
/// columns, constraints, indexes and enum types. pg_catalog, not information_schema: the latter's
/// constraint views take seconds on large schemas.
/// See https://www.postgresql.org/docs/current/catalogs.html
public struct PostgreSQLReflector: SchemaReflector {
    public init() {}

    static let sep = "\u{1F}"

    public func reflect(_ c: any DatabaseConnection, tables: [String]?) throws -> Schema {
        let filter: String
        var params: [SQLValue] = []
        if let tables {
            filter = " AND c.relname = ANY($1::text[])"
            params = [.text("{" + tables.map { "\"" + $0.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}")]
        } else {
            filter = ""
        }
        let inSchema = "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')\(filter)"

        var enums: [String: SQLEnum] = [:]
        var enumOrder: [String] = []
        for r in try c.query("""
            SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder
            """) {
            let name = r[0].stringValue ?? ""
            if enums[name] == nil { enumOrder.append(name) }
            enums[name, default: SQLEnum(name: name, values: [])].values.append(r[1].stringValue ?? "")
        }

        var acc = TableAccumulator()
        for r in try c.query("SELECT c.relname, pg_catalog.obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c \(inSchema)", params) {
            let name = r[0].stringValue ?? ""
            acc.update(name) { $0.comment = r[1].stringValue }
        }
        for r in try c.query("""
            SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.typtype, t.typname,
                   a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity,
                   pg_catalog.col_description(c.oid, a.attnum), a.attgenerated
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            \(inSchema) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, params) {
            let table = r[0].stringValue ?? ""
            let type: ColumnType
            if r[3].stringValue == "e", let e = enums[r[4].stringValue ?? ""] {
                type = .enumeration(e)
            } else {
                type = Self.columnType(r[2].stringValue ?? "")
            }
            var column = Column(r[1].stringValue ?? "", type, nullable: r[5] != .integer(1), comment: r[8].stringValue)
            let identity = r[7].stringValue ?? ""
            if identity == "a" || identity == "d" { column.autoincrement = true }
            if let raw = r[6].stringValue, r[9].stringValue == "s" {
                // A stored generated column: its expression is kept where a default would be.
                column.generated = .stored(Self.stripOuterParens(raw))
            } else if let raw = r[6].stringValue {
                if raw.hasPrefix("nextval(") {
                    column.autoincrement = true
                } else {
                    column.defaultValue = ReflectionSupport.parseDefault(raw, type: type)
                }
            }
            acc.update(table) { $0.columns.append(column) }
        }
        let colsOf = { (key: String) in
            "(SELECT string_agg(a.attname, chr(31) ORDER BY k.ord) FROM unnest(\(key)) WITH ORDINALITY k(attnum, ord) "
        }
        for r in try c.query("""
            SELECT c.relname, con.conname, con.contype,
                   \(colsOf("con.conkey"))JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                   fc.relname,
                   \(colsOf("con.confkey"))JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                   con.confdeltype, con.confupdtype, pg_catalog.pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
            \(inSchema) AND con.contype IN ('p', 'f', 'u', 'c')
            ORDER BY c.relname, con.conname
            """, params) {
            let table = r[0].stringValue ?? ""
            let name = r[1].stringValue ?? ""
            let cols = (r[3].stringValue ?? "").split(separator: Character(Self.sep)).map(String.init)
            switch r[2].stringValue {
            case "p": acc.update(table) { $0.primaryKey = PrimaryKey(name: name, columns: cols) }
            case "u": acc.update(table) { $0.uniqueConstraints.append(UniqueConstraint(name: name, columns: cols)) }
            case "f":
                let refs = (r[5].stringValue ?? "").split(separator: Character(Self.sep)).map(String.init)
                acc.update(table) {
                    $0.foreignKeys.append(ForeignKey(
                        name: name, columns: cols, references: r[4].stringValue ?? "", refs,
                        onDelete: Self.action(r[6].stringValue), onUpdate: Self.action(r[7].stringValue)))
                }
            case "c":
                var def = r[8].stringValue ?? ""
                if def.hasPrefix("CHECK ") { def.removeFirst(6) }
                if def.hasSuffix(" NOT VALID") { def.removeLast(10) }
                acc.update(table) { $0.checkConstraints.append(CheckConstraint(name: name, expression: Self.stripOuterParens(def))) }
            default: break
            }
        }
        for r in try c.query("""
            SELECT c.relname, i.relname, ix.indisunique,
                   (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(' || pg_catalog.pg_get_indexdef(ix.indexrelid, k.ord::int, true) || ')' ELSE a.attname END,
                                      chr(31) ORDER BY k.ord)
                    FROM unnest((ix.indkey::int2[])[0:ix.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum),
                   ix.indnkeyatts,
                   \(colsOf("(ix.indkey::int2[])[ix.indnkeyatts:ix.indnatts - 1]"))JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum),
                   pg_catalog.pg_get_expr(ix.indpred, ix.indrelid)
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
            \(inSchema) AND NOT ix.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
            ORDER BY c.relname, i.relname
            """, params) {
            // Key columns only: `indkey` also lists an INCLUDE index's covering columns after the first
            // `indnkeyatts` (https://www.postgresql.org/docs/current/catalog-pg-index.html).
            let cols = (r[3].stringValue ?? "").split(separator: Character(Self.sep)).map(String.init)
            // An expression element is reported as its expression in parentheses (`(lower((name)::text))`).
            let include = (r[5].stringValue ?? "").split(separator: Character(Self.sep)).map(String.init)
            let index = Index(name: r[1].stringValue ?? "", columns: cols, unique: r[2] == .integer(1), include: include, predicate: r[6].stringValue)
            acc.update(r[0].stringValue ?? "") { $0.indexes.append(index) }
        }
        return acc.result(enums: enumOrder.compactMap { enums[$0] })
    }

    static func action(_ code: String?) -> ForeignKeyAction? {
        switch code {
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        case "r": .restrict
        default: nil
        }
    }

    static func stripOuterParens(_ s: String) -> String {
        var t = s.trimmingWhitespace()
        while t.hasPrefix("("), t.hasSuffix(")"), ReflectionSupport.balanced(String(t.dropFirst().dropLast())) {
            t = String(t.dropFirst().dropLast()).trimmingWhitespace()
        }
        return t
    }

    /// `format_type` output read as the model's type.
    static func columnType(_ formatted: String) -> ColumnType {
        let (base, args) = ReflectionSupport.splitType(formatted)
        switch base {
        case "INTEGER": return .integer
        case "SMALLINT": return .smallInteger
        case "BIGINT": return .bigInteger
        case "BOOLEAN": return .boolean
        case "CHARACTER VARYING": return .string(length: args.first)
        case "CHARACTER": return .string(length: args.first)
        case "TEXT": return .text
        case "NUMERIC": return .numeric(precision: args.first, scale: args.count > 1 ? args[1] : nil)
        case "DOUBLE PRECISION", "REAL": return .float
        case "DATE": return .date
        case "TIME WITHOUT TIME ZONE", "TIME WITH TIME ZONE": return .time
        case "TIMESTAMP WITHOUT TIME ZONE": return .dateTime(timezone: false)
        case "TIMESTAMP WITH TIME ZONE": return .dateTime(timezone: true)
        case "BYTEA": return .binary
        case "JSON", "JSONB": return .json
        case "UUID": return .uuid
        default: return .text
        }
    }
}
