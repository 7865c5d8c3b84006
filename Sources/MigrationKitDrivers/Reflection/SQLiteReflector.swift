import MigrationKit

/// Reads an SQLite schema with four queries: tables with their SQL, columns, foreign keys and indexes,
/// each through table-valued pragma functions joined to `sqlite_master`. Constraint names and CHECK
/// expressions exist only in the CREATE TABLE text, which ``SQLiteTableSQL`` parses.
/// See https://www.sqlite.org/pragma.html#pragfunc
public struct SQLiteReflector: SchemaReflector {
    public init() {}

    public func reflect(_ c: any DatabaseConnection, tables: [String]?) throws -> Schema {
        let filter = tables.map { names in
            " AND m.name IN (" + names.map { SQLiteDialect().stringLiteral($0) }.joined(separator: ", ") + ")"
        } ?? ""
        let base = "FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'\(filter)"
        var acc = TableAccumulator()
        var parsed: [String: SQLiteTableSQL] = [:]
        var generated: [String: [String: String]] = [:]
        for r in try c.query("SELECT m.name, m.sql \(base)") {
            let name = r[0].stringValue ?? ""
            _ = acc.table(name)
            let sql = r[1].stringValue ?? ""
            parsed[name] = SQLiteTableSQL(sql)
            if sql.containsIgnoringASCIICase("GENERATED") || sql.containsIgnoringASCIICase(" AS"), let text = try? SQLiteTableText(sql)
            {
                generated[name] = text.generatedExpressions
            }
        }
        var pkColumns: [String: [(Int, String)]] = [:]
        // table_xinfo, not table_info: it lists generated columns too (hidden 2: virtual, 3: stored).
        for r in try c.query("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden \(base.replacingFirst("FROM sqlite_master m", with: "FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p")) ORDER BY m.name, p.cid") {
            let table = r[0].stringValue ?? ""
            let name = r[1].stringValue ?? ""
            let type = Self.columnType(r[2].stringValue ?? "")
            let pk = r[5].intValue ?? 0
            if pk > 0 { pkColumns[table, default: []].append((Int(pk), name)) }
            let hidden = r[6].intValue ?? 0
            guard hidden == 0 || hidden == 2 || hidden == 3 else { continue }
            let def = r[4].stringValue.flatMap { ReflectionSupport.parseDefault($0, type: type) }
            var column = Column(name, type, nullable: r[3].intValue != 1 && pk == 0, default: def)
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
        var fks: [String: [Int: (table: String, from: [String], to: [String], onUpdate: String, onDelete: String)]] = [:]
        for r in try c.query("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \(base.replacingFirst("FROM sqlite_master m", with: "FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f")) ORDER BY m.name, f.id, f.seq") {
            let table = r[0].stringValue ?? ""
            let id = Int(r[1].intValue ?? 0)
            var entry = fks[table]?[id] ?? (r[2].stringValue ?? "", [], [], r[5].stringValue ?? "", r[6].stringValue ?? "")
            entry.from.append(r[3].stringValue ?? "")
            entry.to.append(r[4].stringValue ?? "")
            fks[table, default: [:]][id] = entry
        }
        for (table, byID) in fks {
            for (_, f) in byID.sorted(by: { $0.key > $1.key }) {
                let name = parsed[table]?.foreignKeyNames[f.from] ?? ""
                acc.update(table) {
                    $0.foreignKeys.append(ForeignKey(
                        name: name, columns: f.from, references: f.table, f.to,
                        onDelete: Self.action(f.onDelete), onUpdate: Self.action(f.onUpdate)))
                }
            }
        }
        // Indexes: origin 'c' are CREATE INDEX, 'u' UNIQUE constraints, 'pk' the primary key.
        var indexes: [String: [String: (unique: Bool, origin: String, cols: [String])]] = [:]
        var indexOrder: [String: [String]] = [:]
        for r in try c.query("SELECT m.name, il.name, il.\"unique\", il.origin, ii.name \(base.replacingFirst("FROM sqlite_master m", with: "FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii")) ORDER BY m.name, il.name, ii.seqno") {
            let table = r[0].stringValue ?? ""
            let name = r[1].stringValue ?? ""
            if indexes[table]?[name] == nil { indexOrder[table, default: []].append(name) }
            var entry = indexes[table]?[name] ?? (r[2].intValue == 1, r[3].stringValue ?? "c", [])
            entry.cols.append(r[4].stringValue ?? "")
            indexes[table, default: [:]][name] = entry
        }
        // A partial index's condition is only in its CREATE INDEX text.
        // An expression element (pragma name NULL) is only in the text too.
        var predicates: [String: String] = [:]
        var elements: [String: [String]] = [:]
        for r in try c.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") {
            guard let sql = r[1].stringValue else { continue }
            let name = r[0].stringValue ?? ""
            if let p = SQLiteTableText.indexPredicate(sql) { predicates[name] = p }
            if let e = SQLiteTableText.indexElements(sql) { elements[name] = e }
        }
        for (table, names) in indexOrder {
            for name in names {
                guard let i = indexes[table]?[name] else { continue }
                switch i.origin {
                case "c":
                    var cols = i.cols
                    if let written = elements[name], written.count == cols.count {
                        for k in cols.indices where cols[k].isEmpty {
                            cols[k] = Index.isExpression(written[k]) ? written[k] : "(" + written[k] + ")"
                        }
                    }
                    acc.update(table) { $0.indexes.append(Index(name: name, columns: cols, unique: i.unique, predicate: predicates[name])) }
                case "u":
                    let uname = parsed[table]?.uniqueNames[i.cols] ?? ""
                    acc.update(table) { $0.uniqueConstraints.append(UniqueConstraint(name: uname, columns: i.cols)) }
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

/// What only an SQLite table's CREATE TABLE text tells: constraint names and CHECK expressions.
struct SQLiteTableSQL {
    var primaryKeyName: String?
    var foreignKeyNames: [[String]: String] = [:]
    var uniqueNames: [[String]: String] = [:]
    var checks: [(name: String, expression: String)] = []

    init(_ sql: String) {
        guard let open = sql.firstIndex(of: "("), let close = sql.lastIndex(of: ")"), open < close else { return }
        let body = String(sql[sql.index(after: open)..<close])
        for part in Self.splitTopLevel(body) {
            var tokens = Self.tokens(part)
            var name: String?
            if tokens.first?.uppercased() == "CONSTRAINT", tokens.count > 1 {
                name = Self.unquote(tokens[1])
                tokens.removeFirst(2)
            }
            guard let head = tokens.first?.uppercased() else { continue }
            switch head {
            case "PRIMARY":
                primaryKeyName = name
            case "UNIQUE":
                if let cols = Self.parenthesised(tokens, after: 1) { uniqueNames[cols] = name ?? "" }
            case "FOREIGN":
                if let cols = Self.parenthesised(tokens, after: 2) { foreignKeyNames[cols] = name ?? "" }
            case "CHECK":
                if let expr = Self.rawParenthesised(part, keyword: "CHECK") { checks.append((name ?? "", expr)) }
            default:
                // A column definition may carry inline CHECK constraints.
                var rest = part
                while let range = rest.range(ofWord: "CHECK") {
                    let before = rest[..<range.lowerBound]
                    let inlineName = Self.tokens(String(before)).suffix(2)
                    let cname = inlineName.first?.uppercased() == "CONSTRAINT" ? Self.unquote(inlineName.last ?? "") : ""
                    let tail = String(rest[range.lowerBound...])
                    guard let expr = Self.rawParenthesised(tail, keyword: "CHECK") else { break }
                    checks.append((cname, expr))
                    rest = String(tail.dropFirst(5 + expr.count))
                }
            }
        }
    }

    /// Splits on commas outside parentheses and quotes (slices of the text, not character appends).
    static func splitTopLevel(_ s: String) -> [String] {
        var parts: [String] = []
        var depth = 0
        var quote: UInt8?
        let bytes = Array(s.utf8)
        var start = 0
        for (i, b) in bytes.enumerated() {
            if let q = quote {
                if b == q { quote = nil }
                continue
            }
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"): quote = b
            case UInt8(ascii: "["): quote = UInt8(ascii: "]")
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                start = i + 1
            default: break
            }
        }
        let last = String(decoding: bytes[start...], as: UTF8.self)
        if !last.trimmingWhitespace().isEmpty { parts.append(last) }
        return parts
    }

    /// Words, quoted names and single punctuation.
    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        let bytes = Array(s.utf8)
        var i = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while i < bytes.count {
            let b = bytes[i]
            if isSpace(b) { i += 1; continue }
            let start = i
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "`") || b == UInt8(ascii: "'") || b == UInt8(ascii: "[") {
                let closing = b == UInt8(ascii: "[") ? UInt8(ascii: "]") : b
                i += 1
                while i < bytes.count, bytes[i] != closing { i += 1 }
                i = min(i + 1, bytes.count)
            } else if b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: ",") {
                i += 1
            } else {
                while i < bytes.count, !isSpace(bytes[i]), ![UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "'"), UInt8(ascii: "[")].contains(bytes[i]) { i += 1 }
            }
            out.append(String(decoding: bytes[start..<i], as: UTF8.self))
        }
        return out
    }

    static func unquote(_ t: String) -> String {
        guard let f = t.first, t.count >= 2, (f == "\"" || f == "`" || f == "[" || f == "'") else { return t }
        let closing: Character = f == "[" ? "]" : f
        let inner = String(t.dropFirst().dropLast())
        return inner.replacingAll(String(closing) + String(closing), with: String(closing))
    }

    /// The names inside the first parentheses at or after token `index`.
    static func parenthesised(_ tokens: [String], after index: Int) -> [String]? {
        guard let open = tokens[index...].firstIndex(of: "("), let close = tokens[open...].firstIndex(of: ")") else { return nil }
        return tokens[(open + 1)..<close].filter { $0 != "," }.map(unquote)
    }

    /// The text inside the parentheses after `keyword`, as written.
    static func rawParenthesised(_ s: String, keyword: String) -> String? {
        guard let k = s.range(ofWord: keyword), let open = s[k.upperBound...].firstIndex(of: "(") else { return nil }
        var depth = 0
        var quote: Character?
        var i = open
        while i < s.endIndex {
            let ch = s[i]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "(" {
                depth += 1
            } else if ch == ")" {
                depth -= 1
                if depth == 0 { return String(s[s.index(after: open)..<i]).trimmingWhitespace() }
            }
            i = s.index(after: i)
        }
        return nil
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
