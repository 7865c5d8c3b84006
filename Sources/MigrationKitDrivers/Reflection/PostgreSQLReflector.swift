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
        for r in CatalogRow.rows(try c.query("""
            SELECT t.typname AS enum_name, e.enumlabel AS label FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder
            """), from: "pg_enum") {
            let name = try r.string("enum_name")
            if enums[name] == nil { enumOrder.append(name) }
            enums[name, default: SQLEnum(name: name, values: [])].values.append(try r.string("label"))
        }

        var acc = TableAccumulator()
        for r in CatalogRow.rows(try c.query(
            "SELECT c.relname AS table_name, pg_catalog.obj_description(c.oid, 'pg_class') AS comment FROM pg_catalog.pg_class c \(inSchema)", params),
            from: "pg_class", table: "table_name")
        {
            let comment = try r.optionalString("comment")
            acc.update(try r.string("table_name")) { $0.comment = comment }
        }
        for r in CatalogRow.rows(try c.query("""
            SELECT c.relname AS table_name, a.attname AS column_name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS formatted_type,
                   t.typtype AS type_kind, t.typname AS type_name, a.attnotnull AS not_null,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity,
                   pg_catalog.col_description(c.oid, a.attnum) AS comment, a.attgenerated AS generated
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            \(inSchema) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, params), from: "pg_attribute", table: "table_name") {
            let table = try r.string("table_name")
            let type: ColumnType
            if try r.string("type_kind") == "e", let e = enums[try r.string("type_name")] {
                type = .enumeration(e)
            } else {
                type = Self.columnType(try r.string("formatted_type"))
            }
            var column = Column(try r.string("column_name"), type, nullable: !(try r.flag("not_null")), comment: try r.optionalString("comment"))
            // attidentity and attgenerated are '' when the column is neither.
            let identity = try r.string("identity")
            if identity == "a" || identity == "d" { column.autoincrement = true }
            let defaultExpr = try r.optionalString("default_expr")
            if let raw = defaultExpr, try r.string("generated") == "s" {
                // A stored generated column: its expression is kept where a default would be.
                column.generated = .stored(Self.stripOuterParens(raw))
            } else if let raw = defaultExpr {
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
        for r in CatalogRow.rows(try c.query("""
            SELECT c.relname AS table_name, con.conname AS name, con.contype AS kind,
                   \(colsOf("con.conkey"))JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
                   fc.relname AS ref_table,
                   \(colsOf("con.confkey"))JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
                   con.confdeltype AS on_delete, con.confupdtype AS on_update, pg_catalog.pg_get_constraintdef(con.oid) AS definition
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
            \(inSchema) AND con.contype IN ('p', 'f', 'u', 'c')
            ORDER BY c.relname, con.conname
            """, params), from: "pg_constraint", table: "table_name") {
            let table = try r.string("table_name")
            let name = try r.string("name")
            // A CHECK that names no column has no key columns.
            let cols = try r.optionalString("columns").map(Self.split) ?? []
            switch try r.string("kind") {
            case "p": acc.update(table) { $0.primaryKey = PrimaryKey(name: name, columns: cols) }
            case "u": acc.update(table) { $0.uniqueConstraints.append(UniqueConstraint(name: name, columns: cols)) }
            case "f":
                let refs = try r.string("ref_columns").split(separator: Character(Self.sep)).map(String.init)
                let key = ForeignKey(
                    name: name, columns: cols, references: try r.string("ref_table"), refs,
                    onDelete: Self.action(try r.string("on_delete")), onUpdate: Self.action(try r.string("on_update")))
                acc.update(table) { $0.foreignKeys.append(key) }
            case "c":
                var def = try r.string("definition")
                if def.hasPrefix("CHECK ") { def.removeFirst(6) }
                if def.hasSuffix(" NOT VALID") { def.removeLast(10) }
                acc.update(table) { $0.checkConstraints.append(CheckConstraint(name: name, expression: Self.stripOuterParens(def))) }
            default: break
            }
        }
        for r in CatalogRow.rows(try c.query("""
            SELECT c.relname AS table_name, i.relname AS name, ix.indisunique AS is_unique,
                   (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(' || pg_catalog.pg_get_indexdef(ix.indexrelid, k.ord::int, true) || ')' ELSE a.attname END,
                                      chr(31) ORDER BY k.ord)
                    FROM unnest((ix.indkey::int2[])[0:ix.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS columns,
                   \(colsOf("(ix.indkey::int2[])[ix.indnkeyatts:ix.indnatts - 1]"))JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS include_columns,
                   pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) AS predicate
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
            \(inSchema) AND NOT ix.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
            ORDER BY c.relname, i.relname
            """, params), from: "pg_index", table: "table_name") {
            // Key columns only: `indkey` also lists an INCLUDE index's covering columns after the first
            // `indnkeyatts` (https://www.postgresql.org/docs/current/catalog-pg-index.html).
            let cols = try r.string("columns").split(separator: Character(Self.sep)).map(String.init)
            // An expression element is reported as its expression in parentheses (`(lower((name)::text))`).
            // No INCLUDE columns: NULL.
            let include = try r.optionalString("include_columns").map(Self.split) ?? []
            let index = Index(name: try r.string("name"), columns: cols, unique: try r.flag("is_unique"), include: include, predicate: try r.optionalString("predicate"))
            acc.update(try r.string("table_name")) { $0.indexes.append(index) }
        }
        return acc.result(enums: enumOrder.compactMap { enums[$0] })
    }

    /// A `string_agg(…, chr(31))` list.
    static func split(_ list: String) -> [String] { list.split(separator: Character(sep)).map(String.init) }

    static func action(_ code: String) -> ForeignKeyAction? {
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
