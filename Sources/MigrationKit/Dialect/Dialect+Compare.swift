/// Normalisation for comparing declared and reflected schemas. What differs per database lives in
/// each dialect's `comparableColumn`; what every database shares is here.
extension Dialect {
    public func comparable(_ table: Table) -> Table { defaultComparable(table) }

    /// Defaults compared by meaning: numbers as numbers, expressions without case or spacing differences.
    public func comparableDefault(_ d: DefaultValue, type: ColumnType) -> DefaultValue {
        switch (d, type) {
        case (.integer(let i), .float), (.integer(let i), .numeric): return .double(Double(i))
        case (.string(let s), .float), (.string(let s), .numeric): return Double(s).map(DefaultValue.double) ?? d
        case (.string(let s), .integer), (.string(let s), .bigInteger), (.string(let s), .smallInteger): return Int64(s).map(DefaultValue.integer) ?? d
        case (.integer(let i), .boolean): return .boolean(i != 0)
        case (.expression(let e), _):
            let canonical = String(e.uppercased().filter { !$0.isWhitespace })
            if canonical == "CURRENT_TIMESTAMP()" || canonical == "NOW()" { return .expression("CURRENT_TIMESTAMP") }
            return .expression(canonical)
        default: return d
        }
    }
}

extension Dialect {
    /// An expression (a generated column's, an index predicate) as the databases' spellings of it
    /// compare: PostgreSQL adds parentheses and casts (`((price * qty))`, `(name)::text`), MariaDB quotes
    /// names (`` `price` * `qty` ``). Case, spacing, identifier quotes, parentheses and PostgreSQL casts
    /// are dropped; string literals are kept as written.
    public static func comparableExpression(_ e: String) -> String {
        var out = ""
        var chars = Array(e)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // A literal, with '' inside, kept as it is.
                out.append(c)
                i += 1
                while i < chars.count {
                    out.append(chars[i])
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { out.append("'"); i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
                continue
            }
            if c == ":", i + 1 < chars.count, chars[i + 1] == ":" {
                // A cast: the type name, its modifiers and array brackets go.
                i += 2
                while i < chars.count, chars[i] == " " { i += 1 }
                while i < chars.count {
                    if chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "\"" { i += 1; continue }
                    if chars[i] == " ", i + 1 < chars.count, chars[i + 1].isLetter,
                        ["varying", "precision", "zone", "with", "without", "time"].contains(where: { String(chars[(i + 1)...].prefix($0.count)).lowercased() == $0 })
                    { i += 1; continue }
                    if chars[i] == "(", let close = chars[i...].firstIndex(of: ")"), chars[(i + 1)..<close].allSatisfy({ $0.isNumber || $0 == "," || $0 == " " }) {
                        i = close + 1; continue
                    }
                    if chars[i] == "[", i + 1 < chars.count, chars[i + 1] == "]" { i += 2; continue }
                    break
                }
                continue
            }
            if c.isWhitespace || c == "(" || c == ")" || c == "\"" || c == "`" { i += 1; continue }
            out.append(contentsOf: c.lowercased())
            i += 1
        }
        chars = []
        return out
    }
}

extension MySQLDialect {
    /// MySQL has no named enums, no time zones in DATETIME, and reports a unique index as a unique
    /// constraint; NUMERIC without precision is DECIMAL(10, 0).
    public func comparable(_ table: Table) -> Table {
        var t = defaultComparable(table)
        for i in t.columns.indices {
            switch t.columns[i].type {
            case .enumeration(let e): t.columns[i].type = .enumeration(SQLEnum(name: "", values: e.values))
            case .dateTime: t.columns[i].type = .dateTime(timezone: false)
            case .numeric(nil, nil): t.columns[i].type = .numeric(precision: 10, scale: 0)
            case .numeric(let p, nil): t.columns[i].type = .numeric(precision: p, scale: 0)
            default: break
            }
        }
        for i in t.indexes where i.unique {
            t.uniqueConstraints.append(UniqueConstraint(name: i.name, columns: i.columns))
        }
        t.indexes.removeAll { $0.unique }
        return t
    }
}

extension SQLiteDialect {
    /// SQLite stores enums as VARCHAR and date-times without zones; a single INTEGER primary key is
    /// always its rowid and numbers itself.
    public func comparable(_ table: Table) -> Table {
        var t = defaultComparable(forSQLite(table))
        for i in t.columns.indices {
            switch t.columns[i].type {
            case .enumeration(let e): t.columns[i].type = .string(length: max(1, e.values.map(\.count).max() ?? 1))
            case .dateTime: t.columns[i].type = .dateTime(timezone: false)
            default: break
            }
            t.columns[i].autoincrement = false
        }
        if let pk = t.primaryKey, pk.columns.count == 1, let i = t.columns.firstIndex(where: { $0.name == pk.columns[0] }), t.columns[i].type == .integer {
            t.columns[i].autoincrement = true
        }
        return t
    }
}

extension Dialect {
    /// The shared part of ``comparable(_:)``, for dialects that add their own.
    public func defaultComparable(_ table: Table) -> Table {
        var t = table
        t.previousName = nil
        t.columns = t.columns.map { c in
            var c = c
            c.previousName = nil
            if !supportsComments { c.comment = nil }
            c.defaultValue = c.defaultValue.map { comparableDefault($0, type: c.type) }
            return c
        }
        for i in t.columns.indices {
            if let g = t.columns[i].generated { t.columns[i].generated = GeneratedColumn(Self.comparableExpression(g.expression), stored: g.stored) }
        }
        t.indexes = t.indexes.map { i in
            var i = i
            i.predicate = i.predicate.map(Self.comparableExpression)
            i.columns = i.columns.map { Index.isExpression($0) ? "expression:" + Self.comparableExpression($0) : $0 }
            return i
        }
        if !supportsComments { t.comment = nil }
        t.primaryKey = t.primaryKey.map { PrimaryKey(name: nil, columns: $0.columns) }
        t.options = TableOptions()
        return t
    }
}
