import MigrationKit

/// Reads an SQLite schema with four queries: tables with their SQL, columns, foreign keys and indexes,
/// each through table-valued pragma functions joined to `sqlite_master`. Constraint names, CHECK
/// expressions and generated columns' expressions exist only in the CREATE TABLE text, which
/// ``SQLiteTableText`` reads (the same parser a rebuild uses; a text it cannot read is an error, not
/// a table reflected without them).
/// See https://www.sqlite.org/pragma.html#pragfunc
public struct SQLiteReflector: SchemaReflector {
    public init() {}

    public func reflect(_ c: any DatabaseConnection, tables: [String]?) throws -> Schema {
        var filter = ""
        if let names = tables { filter = " AND m.name IN (" + names.map { SQLiteDialect().stringLiteral($0) }.joined(separator: ", ") + ")" }
        let base = "FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'\(filter)"
        var acc = TableAccumulator()
        var parsed: [String: SQLiteTableText] = [:]
        var generated: [String: [String: String]] = [:]
        for r in CatalogRow.rows(try c.query("SELECT m.name AS table_name, m.sql AS sql \(base)"), from: "sqlite_master", table: "table_name") {
            let name = try r.string("table_name")
            _ = acc.table(name)
            let sql = try r.string("sql")
            let text: SQLiteTableText
            do { text = try SQLiteTableText(sql) } catch {
                throw CatalogError(source: "sqlite_master", table: name, column: "sql", problem: "is not a CREATE TABLE statement this tool can read (\(error))")
            }
            parsed[name] = text
            if sql.containsIgnoringASCIICase("GENERATED") || sql.containsIgnoringASCIICase(" AS") { generated[name] = text.generatedExpressions }
        }
        var pkColumns: [String: [(Int, String)]] = [:]
        // table_xinfo, not table_info: it lists generated columns too (hidden 2: virtual, 3: stored).
        for r in CatalogRow.rows(try c.query("""
            SELECT m.name AS table_name, p.name AS column_name, p.type AS declared_type, p."notnull" AS not_null,
                   p.dflt_value AS default_value, p.pk AS pk, p.hidden AS hidden \(base.replacingFirst("FROM sqlite_master m", with: "FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p")) ORDER BY m.name, p.cid
            """), from: "pragma_table_xinfo", table: "table_name") {
            let table = try r.string("table_name")
            let name = try r.string("column_name")
            // A column declared without a type has "" here, not NULL.
            let type = Self.columnType(try r.string("declared_type"))
            let pk = try r.int("pk")
            if pk > 0 { pkColumns[table, default: []].append((Int(pk), name)) }
            let hidden = try r.int("hidden")
            guard hidden == 0 || hidden == 2 || hidden == 3 else { continue }
            let def = try r.optionalString("default_value").flatMap { ReflectionSupport.parseDefault($0, type: type) }
            var column = Column(name, type, nullable: !(try r.flag("not_null")) && pk == 0, default: def)
            if hidden >= 2, let e = generated[table]?[name.lowercased()] { column.generated = GeneratedColumn(e, stored: hidden == 3) }
            acc.update(table) { $0.columns.append(column) }
        }
        for (table, cols) in pkColumns {
            let names = cols.sorted { $0.0 < $1.0 }.map(\.1)
            acc.update(table) { t in
                t.primaryKey = PrimaryKey(name: parsed[table]?.primaryKeyName, columns: names)
                if names.count == 1, let i = t.columns.firstIndex(where: { $0.name == names[0] }), t.columns[i].type == .integer {
                    t.columns[i].autoincrement = true
                }
            }
        }
        // Foreign keys: pragma rows grouped by id, named from the table text by their columns.
        var fks: [String: [Int: (table: String, from: [String], to: [String?], onUpdate: String, onDelete: String)]] = [:]
        for r in CatalogRow.rows(try c.query("""
            SELECT m.name AS table_name, f.id AS id, f."table" AS ref_table, f."from" AS column_name, f."to" AS ref_column,
                   f.on_update AS on_update, f.on_delete AS on_delete \(base.replacingFirst("FROM sqlite_master m", with: "FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f")) ORDER BY m.name, f.id, f.seq
            """), from: "pragma_foreign_key_list", table: "table_name") {
            let table = try r.string("table_name")
            let id = Int(try r.int("id"))
            var entry = try fks[table]?[id] ?? (r.string("ref_table"), [], [], r.string("on_update"), r.string("on_delete"))
            entry.from.append(try r.string("column_name"))
            // A key to the referenced table's primary key, its columns not named: NULL (resolved below).
            entry.to.append(try r.optionalString("ref_column"))
            fks[table, default: [:]][id] = entry
        }
        for (table, byID) in fks {
            for (_, f) in byID.sorted(by: { $0.key > $1.key }) {
                let name = parsed[table]?.foreignKeyNames[f.from] ?? Self.unnamed
                var to = f.to.compactMap { $0 }
                if to.count != f.to.count {
                    guard let key = pkColumns[f.table], key.count == f.from.count else {
                        throw CatalogError(source: "pragma_foreign_key_list", table: table, column: "to",
                                           problem: "is NULL (the key references \(f.table)'s primary key), and \(f.table)'s primary key was not read with it")
                    }
                    to = key.sorted { $0.0 < $1.0 }.map(\.1)
                }
                acc.update(table) {
                    $0.foreignKeys.append(ForeignKey(
                        name: name, columns: f.from, references: f.table, to,
                        onDelete: Self.action(f.onDelete), onUpdate: Self.action(f.onUpdate)))
                }
            }
        }
        // Indexes: origin 'c' are CREATE INDEX, 'u' UNIQUE constraints, 'pk' the primary key.
        var indexes: [String: [String: (unique: Bool, origin: String, cols: [String?])]] = [:]
        var indexOrder: [String: [String]] = [:]
        for r in CatalogRow.rows(try c.query("""
            SELECT m.name AS table_name, il.name AS name, il."unique" AS is_unique, il.origin AS origin, ii.name AS column_name \(base.replacingFirst("FROM sqlite_master m", with: "FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii")) ORDER BY m.name, il.name, ii.seqno
            """), from: "pragma_index_list", table: "table_name") {
            let table = try r.string("table_name")
            let name = try r.string("name")
            if indexes[table]?[name] == nil { indexOrder[table, default: []].append(name) }
            var entry = try indexes[table]?[name] ?? (r.flag("is_unique"), r.string("origin"), [])
            // An expression element has no column name (NULL): its text is read from the index's SQL below.
            entry.cols.append(try r.optionalString("column_name"))
            indexes[table, default: [:]][name] = entry
        }
        // A partial index's condition is only in its CREATE INDEX text.
        // An expression element (pragma name NULL) is only in the text too.
        var predicates: [String: String] = [:]
        var elements: [String: [String]] = [:]
        for r in CatalogRow.rows(try c.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"), from: "sqlite_master") {
            let sql = try r.string("sql")
            let name = try r.string("name")
            if let p = SQLiteTableText.indexPredicate(sql) { predicates[name] = p }
            if let e = SQLiteTableText.indexElements(sql) { elements[name] = e }
        }
        for (table, names) in indexOrder {
            for name in names {
                guard let i = indexes[table]?[name] else { continue }
                switch i.origin {
                case "c":
                    var cols: [String] = []
                    for (k, col) in i.cols.enumerated() {
                        if let col {
                            cols.append(col)
                        } else if let written = elements[name], written.count == i.cols.count {
                            cols.append(Index.isExpression(written[k]) ? written[k] : "(" + written[k] + ")")
                        } else {
                            throw CatalogError(source: "pragma_index_info", table: table, column: "name",
                                               problem: "is NULL for element \(k + 1) of index \(name) (an expression) and its CREATE INDEX text could not be read")
                        }
                    }
                    acc.update(table) { $0.indexes.append(Index(name: name, columns: cols, unique: i.unique, predicate: predicates[name])) }
                case "u":
                    let cols = i.cols.compactMap { $0 }
                    let uname = parsed[table]?.uniqueNames[cols] ?? Self.unnamed
                    acc.update(table) { $0.uniqueConstraints.append(UniqueConstraint(name: uname, columns: cols)) }
                default: break
                }
            }
        }
        for (table, p) in parsed {
            acc.update(table) { t in
                t.checkConstraints = p.checks.map { CheckConstraint(name: $0.name, expression: $0.expression) }
                // A UNIQUE on the primary key's columns shares the key's index, so the index list hides
                // it; the table's text still declares it.
                for (cols, name) in p.uniqueNames.sorted(by: { $0.key.joined() < $1.key.joined() })
                where !t.uniqueConstraints.contains(where: { $0.columns == cols }) && t.primaryKey?.columns == cols {
                    t.uniqueConstraints.append(UniqueConstraint(name: name, columns: cols))
                }
            }
        }
        return acc.result(enums: [])
    }

    /// The name of a constraint the table's text declares without one (the model's spelling of unnamed).
    static let unnamed = ""

    static func action(_ text: String) -> ForeignKeyAction? {
        let a = ForeignKeyAction(rawValue: text.uppercased())
        return a == .noAction ? nil : a
    }

    /// SQLite's declared type, read as the model's type (falling back on SQLite's affinity rules).
    static func columnType(_ declared: String) -> ColumnType {
        let (base, args) = ReflectionSupport.splitType(declared)
        switch base {
        case "INTEGER", "INT": return .integer
        case "SMALLINT": return .smallInteger
        case "BIGINT": return .bigInteger
        case "BOOLEAN", "BOOL": return .boolean
        case "VARCHAR", "NVARCHAR", "VARYING CHARACTER": return .string(length: args.first)
        case "CHAR", "CHARACTER", "NCHAR": return args.first == 36 ? .uuid : .string(length: args.first)
        case "TEXT", "CLOB": return .text
        case "NUMERIC", "DECIMAL": return .numeric(precision: args.first, scale: args.count > 1 ? args[1] : nil)
        case "FLOAT", "REAL", "DOUBLE", "DOUBLE PRECISION": return .float
        case "DATE": return .date
        case "TIME": return .time
        case "DATETIME", "TIMESTAMP": return .dateTime(timezone: false)
        case "BLOB", "": return .binary
        case "JSON": return .json
        case "UUID": return .uuid
        default:
            if base.containsBytes("INT") { return .integer }
            if base.containsBytes("CHAR") || base.containsBytes("CLOB") || base.containsBytes("TEXT") { return .text }
            if base.containsBytes("BLOB") { return .binary }
            if base.containsBytes("REAL") || base.containsBytes("FLOA") || base.containsBytes("DOUB") { return .float }
            return .numeric(precision: nil, scale: nil)
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = utf8Range(of: target) else { return self }
        var s = self
        s.replaceSubrange(r, with: replacement)
        return s
    }
}

extension String {
    /// The first occurrence of `word` (any case) not inside quotes and not part of a longer word.
    /// Where `word` (ASCII letters, upper case) first occurs as a whole word outside quotes, ignoring
    /// ASCII case. Byte by byte: this runs for every column of every table `inspect` reads.
    func range(ofWord word: String) -> Range<String.Index>? {
        let text = Array(utf8), w = Array(word.utf8)
        guard !w.isEmpty, text.count >= w.count else { return nil }
        func wordByte(_ b: UInt8) -> Bool {
            b >= 0x80 || b == 95 || (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122)
        }
        var quote: UInt8 = 0
        var i = 0
        while i < text.count {
            let b = text[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 39 || b == 34 || b == 96 {
                quote = b
            } else if i + w.count <= text.count, (0..<w.count).allSatisfy({ k in
                let c = text[i + k]
                return (c >= 97 && c <= 122 ? c - 32 : c) == w[k]
            }) {
                let end = i + w.count
                if (i == 0 || !wordByte(text[i - 1])) && (end == text.count || !wordByte(text[end])) {
                    return utf8.index(startIndex, offsetBy: i)..<utf8.index(startIndex, offsetBy: end)
                }
            }
            i += 1
        }
        return nil
    }

    /// Whether `word` (ASCII, upper case) occurs anywhere, ignoring ASCII case.
    func containsIgnoringASCIICase(_ word: String) -> Bool {
        let w = Array(word.utf8), text = Array(utf8)
        guard !w.isEmpty, text.count >= w.count else { return w.isEmpty }
        for i in 0...(text.count - w.count) where (0..<w.count).allSatisfy({ k in
            let c = text[i + k]
            return (c >= 97 && c <= 122 ? c - 32 : c) == w[k]
        }) {
            return true
        }
        return false
    }
}
