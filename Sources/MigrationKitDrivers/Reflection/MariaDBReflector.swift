import MigrationKit

/// Reads a MySQL/MariaDB schema (the connection's database) in two round trips, the same for 10 tables
/// or 10,000: the database's name, then seven queries of one information_schema view each (tables,
/// check constraints, columns, table constraints, referential constraints, key columns, indexes) sent
/// together, filtered by the schema as a constant and joined here; see ARCHITECTURE.md for the
/// measurements behind it.
///
/// MariaDB spellings are read back as the model's types: `tinyint(1)` is a boolean, `char(36)` a UUID,
/// a `longtext` with MariaDB's automatic `json_valid` check is JSON; the index InnoDB adds for a foreign
/// key and the index behind a unique constraint are not reported as indexes of their own.
/// See https://mariadb.com/kb/en/information-schema-tables/
public struct MariaDBReflector: SchemaReflector {
    public init() {}

    public func reflect(_ c: any DatabaseConnection, tables: [String]?) throws -> Schema {
        // The schema name as a constant, not DATABASE(): MariaDB then reads only that schema's
        // directory for information_schema (https://mariadb.com/kb/en/information-schema-optimization/).
        guard let database = try c.query("SELECT DATABASE()").first?[0].stringValue else {
            throw DatabaseError(kind: .statement, backend: .mysql, message: "no database selected: the URL must name one")
        }
        var params: [SQLValue] = [.text(database)]
        var filter = ""
        if let tables {
            filter = tables.isEmpty ? " AND 1 = 0" : " AND TABLE_NAME IN (" + tables.map { _ in "?" }.joined(separator: ", ") + ")"
            params += tables.map { .text($0) }
        }
        // One view per query: joining information_schema views makes MariaDB open every table's
        // definition once per view (1.5 s at 1,000 tables for the keys, against 75 ms for three
        // queries). All seven go in one round trip; each result is read while the server runs the next.
        let statements = [
            """
            SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'\(filter)
            """,
            """
            SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = ?\(filter) ORDER BY TABLE_NAME, CONSTRAINT_NAME
            """,
            """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?\(filter)
            ORDER BY TABLE_NAME, ORDINAL_POSITION
            """,
            """
            SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = ? AND CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')\(filter)
            """,
            """
            SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = ?\(filter)
            """,
            """
            SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = ?\(filter)
            ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
            """,
            """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = ?\(filter) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """,
        ]
        var catalog = Catalog()
        try c.queries(statements.map { ($0, params) }) { i, rows in
            let views = ["TABLES", "CHECK_CONSTRAINTS", "COLUMNS", "TABLE_CONSTRAINTS", "REFERENTIAL_CONSTRAINTS", "KEY_COLUMN_USAGE", "STATISTICS"]
            let r = CatalogRow.rows(rows, from: "information_schema." + views[i], table: "TABLE_NAME")
            switch i {
            case 0: try catalog.tables(r)
            case 1: try catalog.checks(r)
            case 2: try catalog.columns(r)
            case 3: try catalog.constraintTypes(r)
            case 4: try catalog.rules(r)
            case 5: try catalog.keyColumns(r)
            default: try catalog.indexes(r)
            }
        }
        return catalog.acc.result(enums: [])
    }

    /// The schema built from the catalog's results, taken in the order they are sent.
    struct Catalog {
        var acc = TableAccumulator()
        /// JSON columns are LONGTEXT with a `json_valid` check named after the column.
        var jsonChecks: Set<String> = []
        var checks: [(String, CheckConstraint)] = []
        var types: [String: String] = [:]
        var rules: [String: (update: String?, delete: String?)] = [:]
        var constraintIndexes: [String: Set<String>] = [:]
        /// The index InnoDB adds for a foreign key is the key's, not the model's: named after the
        /// constraint when it is named, after its first column when not (`… FOREIGN KEY (image_id)`).
        /// Both are left out, so named and unnamed keys reflect alike.
        var foreignKeyIndexes: [String: [String: [String]]] = [:]

        mutating func tables(_ rows: [CatalogRow]) throws {
            for r in rows {
                let engine = try r.optionalString("ENGINE"), collation = try r.optionalString("TABLE_COLLATION")
                let comment = try r.string("TABLE_COMMENT")
                acc.update(try r.string("TABLE_NAME")) { t in
                    t.options.mysqlEngine = engine
                    t.options.mysqlCharset = collation.flatMap { $0.split(separator: "_").first.map(String.init) }
                    t.options.mysqlCollation = collation
                    t.comment = comment.isEmpty ? nil : comment
                }
            }
        }

        mutating func checks(_ rows: [CatalogRow]) throws {
            for r in rows {
                let table = try r.string("TABLE_NAME")
                let name = try r.string("CONSTRAINT_NAME")
                let clause = try r.string("CHECK_CLAUSE")
                if clause == "json_valid(`\(name.replacingAll("`", with: "``"))`)" {
                    jsonChecks.insert(table + "\u{1F}" + name)
                } else {
                    checks.append((table, CheckConstraint(name: name, expression: clause)))
                }
            }
        }

        mutating func columns(_ rows: [CatalogRow]) throws {
            for r in rows {
                let table = try r.string("TABLE_NAME")
                let name = try r.string("COLUMN_NAME")
                var type = MariaDBReflector.columnType(try r.string("COLUMN_TYPE"), column: name)
                if !jsonChecks.isEmpty, jsonChecks.contains(table + "\u{1F}" + name) { type = .json }
                var column = Column(name, type, nullable: try r.flag("IS_NULLABLE"))
                let extra = try r.string("EXTRA").uppercased()
                column.autoincrement = extra.containsBytes("AUTO_INCREMENT")
                if extra.containsBytes("GENERATED"), let expression = try r.optionalString("GENERATION_EXPRESSION"), !expression.isEmpty {
                    // `STORED GENERATED` (MariaDB's PERSISTENT) or `VIRTUAL GENERATED`; no default then.
                    column.generated = GeneratedColumn(expression, stored: extra.containsBytes("STORED") || extra.containsBytes("PERSISTENT"))
                } else if let raw = try r.optionalString("COLUMN_DEFAULT") {
                    column.defaultValue = ReflectionSupport.parseDefault(raw, type: type, backslashEscapes: true)
                }
                let comment = try r.string("COLUMN_COMMENT")
                column.comment = comment.isEmpty ? nil : comment
                acc.update(table) { $0.columns.append(column) }
            }
            for (table, check) in checks { acc.update(table) { $0.checkConstraints.append(check) } }
        }

        mutating func constraintTypes(_ rows: [CatalogRow]) throws {
            for r in rows { types[try r.string("TABLE_NAME") + "\u{1F}" + r.string("CONSTRAINT_NAME")] = try r.string("CONSTRAINT_TYPE") }
        }

        mutating func rules(_ rows: [CatalogRow]) throws {
            for r in rows {
                rules[try r.string("TABLE_NAME") + "\u{1F}" + r.string("CONSTRAINT_NAME")] = (try r.string("UPDATE_RULE"), try r.string("DELETE_RULE"))
            }
        }

        /// Primary, unique and foreign keys with their columns in order.
        mutating func keyColumns(_ rows: [CatalogRow]) throws {
            struct Key { var type: String; var cols: [String] = []; var refTable = ""; var refCols: [String] = []; var onUpdate: String?; var onDelete: String? }
            var keys: [String: [String: Key]] = [:]
            var keyOrder: [String: [String]] = [:]
            for r in rows {
                let table = try r.string("TABLE_NAME")
                let name = try r.string("CONSTRAINT_NAME")
                let id = table + "\u{1F}" + name
                guard let type = types[id] else { continue }
                if keys[table]?[name] == nil { keyOrder[table, default: []].append(name) }
                var k = keys[table]?[name] ?? Key(type: type, onUpdate: rules[id]?.update, onDelete: rules[id]?.delete)
                k.cols.append(try r.string("COLUMN_NAME"))
                if let rt = try r.optionalString("REFERENCED_TABLE_NAME") { k.refTable = rt }
                if let rc = try r.optionalString("REFERENCED_COLUMN_NAME") { k.refCols.append(rc) }
                keys[table, default: [:]][name] = k
            }
            for (table, names) in keyOrder {
                for name in names {
                    guard let k = keys[table]?[name] else { continue }
                    constraintIndexes[table, default: []].insert(name)
                    if k.type == "FOREIGN KEY", let first = k.cols.first { foreignKeyIndexes[table, default: [:]][first] = k.cols }
                    switch k.type {
                    case "PRIMARY KEY": acc.update(table) { $0.primaryKey = PrimaryKey(name: nil, columns: k.cols) }
                    case "UNIQUE": acc.update(table) { $0.uniqueConstraints.append(UniqueConstraint(name: name, columns: k.cols)) }
                    default:
                        acc.update(table) {
                            $0.foreignKeys.append(ForeignKey(
                                name: name, columns: k.cols, references: k.refTable, k.refCols,
                                onDelete: MariaDBReflector.action(k.onDelete), onUpdate: MariaDBReflector.action(k.onUpdate)))
                        }
                    }
                }
            }
        }

        mutating func indexes(_ rows: [CatalogRow]) throws {
            var indexes: [String: [String: (unique: Bool, cols: [String])]] = [:]
            var indexOrder: [String: [String]] = [:]
            for r in rows {
                let table = try r.string("TABLE_NAME")
                let name = try r.string("INDEX_NAME")
                if name == "PRIMARY" || constraintIndexes[table]?.contains(name) == true { continue }
                if indexes[table]?[name] == nil { indexOrder[table, default: []].append(name) }
                let unique = !(try r.flag("NON_UNIQUE"))
                var entry = indexes[table]?[name] ?? (unique, [])
                entry.cols.append(try r.string("COLUMN_NAME"))
                indexes[table, default: [:]][name] = entry
            }
            for (table, names) in indexOrder {
                for name in names {
                    if let i = indexes[table]?[name] {
                        if !i.unique, foreignKeyIndexes[table]?[name] == i.cols { continue }
                        acc.update(table) { $0.indexes.append(Index(name: name, columns: i.cols, unique: i.unique)) }
                    }
                }
            }
        }
    }

    static func action(_ rule: String?) -> ForeignKeyAction? {
        guard let rule, let a = ForeignKeyAction(rawValue: rule) else { return nil }
        // RESTRICT is InnoDB's default; it behaves as NO ACTION and is not declared.
        return a == .noAction || a == .restrict ? nil : a
    }

    /// `COLUMN_TYPE` read as the model's type.
    static func columnType(_ raw: String, column: String) -> ColumnType {
        let lower = raw.lowercased()
        if lower.hasPrefix("enum(") {
            return .enumeration(SQLEnum(name: column, values: enumValues(String(raw.dropFirst(5).dropLast()))))
        }
        let (base, args) = ReflectionSupport.splitType(lower.replacingAll(" unsigned", with: ""))
        switch base {
        case "INT", "INTEGER", "MEDIUMINT": return .integer
        case "TINYINT": return args.first == 1 ? .boolean : .smallInteger
        case "SMALLINT": return .smallInteger
        case "BIGINT": return .bigInteger
        case "VARCHAR": return .string(length: args.first)
        case "CHAR": return args.first == 36 ? .uuid : .string(length: args.first)
        case "TEXT", "MEDIUMTEXT", "LONGTEXT", "TINYTEXT": return .text
        case "DECIMAL", "NUMERIC": return .numeric(precision: args.first, scale: args.count > 1 ? args[1] : nil)
        case "DOUBLE", "FLOAT", "REAL": return .float
        case "DATE": return .date
        case "TIME": return .time
        case "DATETIME", "TIMESTAMP": return .dateTime(timezone: false)
        case "BLOB", "LONGBLOB", "MEDIUMBLOB", "TINYBLOB", "VARBINARY", "BINARY": return .binary
        case "JSON": return .json
        case "UUID": return .uuid
        default: return .text
        }
    }

    /// `'a','b''c'` → ["a", "b'c"].
    static func enumValues(_ list: String) -> [String] {
        var values: [String] = []
        var current = ""
        var inQuote = false
        var chars = Array(list)
        chars.append(",")
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if inQuote {
                if ch == "'" {
                    if i + 1 < chars.count, chars[i + 1] == "'" { current.append("'"); i += 2; continue }
                    inQuote = false
                } else if ch == "\\", i + 1 < chars.count {
                    current.append(chars[i + 1]); i += 2; continue
                } else {
                    current.append(ch)
                }
            } else if ch == "'" {
                inQuote = true
            } else if ch == "," {
                values.append(current)
                current = ""
            }
            i += 1
        }
        return values
    }
}
