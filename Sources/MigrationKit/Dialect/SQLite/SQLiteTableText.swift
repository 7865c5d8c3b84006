/// An SQLite `CREATE TABLE` statement as SQLite stored it, split into its parts so a rebuild can
/// change exactly what an operation targets and keep every other byte: column definitions with their
/// collations, generated expressions, inline CHECKs and AUTOINCREMENT; table constraints named or not;
/// and the options after the closing parenthesis (`WITHOUT ROWID`, `STRICT`).
///
/// See https://www.sqlite.org/lang_createtable.html for the grammar this follows.
public struct SQLiteTableText: Sendable, Hashable {
    /// `CREATE TABLE name` as written, up to the opening parenthesis.
    public var head: String
    /// The comma-separated definitions between the parentheses, each as written (leading whitespace kept).
    public var items: [Item]
    /// What follows the closing parenthesis (table options), as written.
    public var tail: String

    /// One column definition or table constraint.
    public struct Item: Sendable, Hashable {
        public var text: String
        /// The column's name for a column definition; nil for a table constraint.
        public var column: String?

        public init(text: String, column: String?) {
            self.text = text
            self.column = column
        }

        /// The constraint's name (`CONSTRAINT name …`), for table constraints and column clauses alike.
        public var constraintName: String? {
            let t = SQLiteTokens(text).tokens
            guard column == nil, t.count > 1, t[0].upper == "CONSTRAINT" else { return nil }
            return t[1].name
        }

        /// The kind of a table constraint: PRIMARY, UNIQUE, CHECK or FOREIGN.
        var constraintKind: String? {
            guard column == nil else { return nil }
            let t = SQLiteTokens(text).tokens
            let i = t.first?.upper == "CONSTRAINT" ? 2 : 0
            return i < t.count ? t[i].upper : nil
        }

        /// The column list of a PRIMARY KEY, UNIQUE or FOREIGN KEY table constraint.
        var constraintColumns: [String] {
            let t = SQLiteTokens(text).tokens
            guard let open = t.firstIndex(where: { $0.text == "(" }) else { return [] }
            var out: [String] = []
            var i = open + 1
            while i < t.count, t[i].text != ")" {
                // `col COLLATE x ASC` inside a key list: the first name of each entry is the column.
                if t[i].text != ",", i == open + 1 || t[i - 1].text == "," { out.append(t[i].name) }
                i += 1
            }
            return out
        }

        /// Whether the text names `column` anywhere (as an identifier, any case, quoted or not).
        func mentions(_ column: String) -> Bool {
            SQLiteTokens(text).mentions(column)
        }
    }

    /// Parses the stored statement; throws when it is not a `CREATE TABLE … ( … )` SQLite wrote.
    public init(_ sql: String) throws {
        let tokens = SQLiteTokens(sql).tokens
        guard let open = tokens.firstIndex(where: { $0.text == "(" }) else {
            throw DialectError.unsupported("cannot read the stored definition of a table: \(sql.prefix(80))")
        }
        var depth = 0
        var close: Int?
        var cuts: [String.Index] = []
        for i in open..<tokens.count {
            switch tokens[i].text {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { close = i }
            case "," where depth == 1: cuts.append(tokens[i].range.lowerBound)
            default: break
            }
            if close != nil { break }
        }
        guard let close else { throw DialectError.unsupported("cannot read the stored definition of a table: unbalanced parentheses") }
        head = String(sql[..<tokens[open].range.lowerBound])
        tail = String(sql[tokens[close].range.upperBound...])
        var starts = [tokens[open].range.upperBound]
        var ends: [String.Index] = []
        for c in cuts {
            ends.append(c)
            starts.append(sql.index(after: c))
        }
        ends.append(tokens[close].range.lowerBound)
        items = zip(starts, ends).map { s, e in
            let text = String(sql[s..<e])
            let t = SQLiteTokens(text).tokens
            let first = t.first?.upper ?? ""
            let isConstraint = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(first)
            return Item(text: text, column: isConstraint ? nil : t.first?.name)
        }
    }

    /// The statement with a new table name and the current items.
    public func sql(named name: String, quote: (String) -> String) -> String {
        // Keep `CREATE [TEMP] TABLE [IF NOT EXISTS]` and replace only the name.
        let t = SQLiteTokens(head).tokens
        var keep = ""
        if let last = t.last {
            keep = String(head[..<last.range.lowerBound])
            // A schema-qualified name (`main.x`): drop the qualifier too.
            if t.count >= 3, t[t.count - 2].text == "." { keep = String(head[..<t[t.count - 3].range.lowerBound]) }
        }
        return keep + quote(name) + " (" + items.map(\.text).joined(separator: ",") + ")" + tail
    }

    /// The index of a column's definition.
    public func columnIndex(_ name: String) -> Int? {
        items.firstIndex { $0.column.map { $0.lowercased() == name.lowercased() } ?? false }
    }

    /// Appends a definition after the last column (for a column) or at the end (for a constraint).
    public mutating func append(_ text: String, column: String?) {
        var item = Item(text: "\n    " + text, column: column)
        if column != nil, let last = items.lastIndex(where: { $0.column != nil }), last + 1 < items.count {
            items.insert(item, at: last + 1)
        } else if let last = items.indices.last {
            // The whitespace before the closing parenthesis stays there.
            let trailing = items[last].text.reversed().prefix { $0.isWhitespace }
            items[last].text.removeLast(trailing.count)
            item.text += String(trailing.reversed())
            items.append(item)
        } else {
            items.append(item)
        }
    }

    /// Whether the table keeps its rows in a rowid-less B-tree or types them strictly, etc.: the options.
    public var hasAutoincrement: Bool { items.contains { SQLiteTokens($0.text).tokens.contains { $0.upper == "AUTOINCREMENT" } } }

    /// Whether the table is a WITHOUT ROWID table (its rows have no rowid to keep).
    public var withoutRowid: Bool {
        let t = SQLiteTokens(tail).tokens
        return t.indices.contains { t[$0].upper == "WITHOUT" && $0 + 1 < t.count && t[$0 + 1].upper == "ROWID" }
    }

    /// The column that is the rowid's alias: one declared exactly `INTEGER` and the table's only primary
    /// key column (https://www.sqlite.org/lang_createtable.html#rowid), or nil.
    public var rowidAlias: String? {
        var key: [String] = []
        for item in items {
            if let c = item.column {
                if SQLiteColumnDefinition(item.text).clauses.contains(where: { $0.kind == "PRIMARY" }) { key.append(c) }
            } else if item.constraintKind == "PRIMARY" {
                key += item.constraintColumns
            }
        }
        guard key.count == 1, let item = items.first(where: { $0.column?.lowercased() == key[0].lowercased() }) else { return nil }
        return SQLiteColumnDefinition(item.text).typeText.trimmingWhitespace().uppercased() == "INTEGER" ? item.column : nil
    }

    /// The columns whose values SQLite computes (`GENERATED ALWAYS AS …` or `AS (…)`): a copy must not
    /// insert into them.
    public var generatedColumns: Set<String> {
        var out: Set<String> = []
        for item in items {
            guard let c = item.column else { continue }
            if SQLiteColumnDefinition(item.text).clauses.contains(where: { $0.kind == "GENERATED" || $0.kind == "AS" }) {
                out.insert(c.lowercased())
            }
        }
        return out
    }
}

extension SQLiteTableText {
    /// Each generated column's expression as written (lower-cased column name → expression), for
    /// reflection: SQLite's pragmas say a column is generated, not what from.
    public var generatedExpressions: [String: String] {
        var out: [String: String] = [:]
        for item in items {
            guard let c = item.column else { continue }
            for clause in SQLiteColumnDefinition(item.text).clauses where clause.kind == "GENERATED" || clause.kind == "AS" {
                if let e = SQLiteTableText.firstParenthesised(clause.text) { out[c.lowercased()] = e }
            }
        }
        return out
    }

    // MARK: What only the text tells (reflection): constraint names and CHECK expressions

    /// The name of a `CONSTRAINT name PRIMARY KEY (…)` table constraint.
    public var primaryKeyName: String? {
        items.first { $0.constraintKind == "PRIMARY" }?.constraintName
    }

    /// Named (or unnamed: "") `UNIQUE (…)` table constraints by their columns.
    public var uniqueNames: [[String]: String] { constraintNames(kind: "UNIQUE") }

    /// Named (or unnamed: "") `FOREIGN KEY (…)` table constraints by their columns.
    public var foreignKeyNames: [[String]: String] { constraintNames(kind: "FOREIGN") }

    private func constraintNames(kind: String) -> [[String]: String] {
        var out: [[String]: String] = [:]
        for item in items where item.constraintKind == kind {
            out[item.constraintColumns] = item.constraintName ?? ""
        }
        return out
    }

    /// Every CHECK, table constraint or column clause, with its name ("" when unnamed) and expression
    /// as written, in the order written.
    public var checks: [(name: String, expression: String)] {
        var out: [(name: String, expression: String)] = []
        for item in items {
            if item.column == nil {
                if item.constraintKind == "CHECK", let e = Self.firstParenthesised(item.text) { out.append((item.constraintName ?? "", e)) }
            } else {
                for clause in SQLiteColumnDefinition(item.text).clauses where clause.kind == "CHECK" {
                    if let e = Self.firstParenthesised(clause.text) { out.append((clause.constraintName ?? "", e)) }
                }
            }
        }
        return out
    }

    /// The text inside the first top-level parentheses of `text`, trimmed.
    static func firstParenthesised(_ text: String) -> String? {
        let t = SQLiteTokens(text).tokens
        guard let open = t.firstIndex(where: { $0.text == "(" }) else { return nil }
        var depth = 0
        for i in open..<t.count {
            if t[i].text == "(" { depth += 1 }
            if t[i].text == ")" {
                depth -= 1
                if depth == 0 { return String(text[t[open].range.upperBound..<t[i].range.lowerBound]).trimmingWhitespace() }
            }
        }
        return nil
    }

    /// The key elements of a `CREATE INDEX` statement as written (names or expressions), for the
    /// expression elements SQLite's pragmas leave unnamed.
    public static func indexElements(_ createIndex: String) -> [String]? {
        let t = SQLiteTokens(createIndex).tokens
        guard let on = t.firstIndex(where: { $0.upper == "ON" }), let open = t[on...].firstIndex(where: { $0.text == "(" }) else { return nil }
        var depth = 0
        var parts: [String] = []
        var start = t[open].range.upperBound
        for i in open..<t.count {
            if t[i].text == "(" { depth += 1; continue }
            if t[i].text == ")" {
                depth -= 1
                if depth == 0 {
                    parts.append(String(createIndex[start..<t[i].range.lowerBound]).trimmingWhitespace())
                    return parts
                }
                continue
            }
            if depth == 1, t[i].text == "," {
                parts.append(String(createIndex[start..<t[i].range.lowerBound]).trimmingWhitespace())
                start = t[i].range.upperBound
            }
        }
        return nil
    }

    /// The `WHERE` condition of a `CREATE INDEX` statement (a partial index), as written.
    public static func indexPredicate(_ createIndex: String) -> String? {
        var depth = 0
        for t in SQLiteTokens(createIndex).tokens {
            if t.text == "(" { depth += 1 } else if t.text == ")" { depth -= 1 }
            if depth == 0, t.upper == "WHERE" {
                return String(createIndex[t.range.upperBound...]).trimmingWhitespace()
            }
        }
        return nil
    }
}

/// A column definition split into name, type and constraint clauses, each as written.
struct SQLiteColumnDefinition {
    var leading: String
    /// The column's name, unquoted.
    var name: String
    /// The name as written (quoted or not), kept as it is.
    var nameText: String
    var typeText: String
    var clauses: [Clause]

    struct Clause {
        var text: String
        /// The clause's keyword after any `CONSTRAINT name`: PRIMARY, NOT (NOT NULL), NULL, UNIQUE,
        /// CHECK, DEFAULT, COLLATE, REFERENCES, GENERATED or AS.
        var kind: String
        var constraintName: String?
    }

    init(_ text: String) {
        let tokens = SQLiteTokens(text).tokens
        guard let first = tokens.first else {
            leading = text; name = ""; nameText = ""; typeText = ""; clauses = []
            return
        }
        leading = String(text[..<first.range.lowerBound])
        name = first.name
        nameText = first.text
        // Where each clause starts, at parenthesis depth 0.
        var starts: [Int] = []
        var depth = 0
        for i in tokens.indices.dropFirst() {
            let t = tokens[i]
            if t.text == "(" { depth += 1; continue }
            if t.text == ")" { depth -= 1; continue }
            guard depth == 0 else { continue }
            let prev = tokens[i - 1].upper
            let next = i + 1 < tokens.count ? tokens[i + 1].upper : ""
            let starter: Bool
            switch t.upper {
            case "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "COLLATE", "REFERENCES", "GENERATED": starter = prev != "DEFAULT"
            case "DEFAULT": starter = prev != "SET"
            case "NOT": starter = next == "NULL"
            case "NULL": starter = !["NOT", "SET", "DEFAULT"].contains(prev)
            case "AS": starter = prev != "ALWAYS"
            default: starter = false
            }
            // `CONSTRAINT name CHECK …` is one clause.
            if starter, let last = starts.last, tokens[last].upper == "CONSTRAINT", i == last + 2 { continue }
            if starter { starts.append(i) }
        }
        let typeEnd = starts.first.map { tokens[$0].range.lowerBound } ?? text.endIndex
        typeText = String(text[first.range.upperBound..<typeEnd])
        clauses = starts.enumerated().map { n, s in
            let end = n + 1 < starts.count ? tokens[starts[n + 1]].range.lowerBound : text.endIndex
            let named = tokens[s].upper == "CONSTRAINT" && s + 2 < tokens.count
            return Clause(
                text: String(text[tokens[s].range.lowerBound..<end]),
                kind: named ? tokens[s + 2].upper : tokens[s].upper,
                constraintName: named ? tokens[s + 1].name : nil)
        }
    }

    var text: String {
        var s = leading + nameText
        s += typeText
        for c in clauses {
            if !(s.last?.isWhitespace ?? true) { s += " " }
            s += c.text
        }
        return s
    }
}

/// SQLite's tokens, enough to find names, keywords and parentheses; whitespace and comments skipped.
struct SQLiteTokens {
    struct Token {
        var text: String
        var range: Range<String.Index>
        var upper: String { text.uppercased() }
        /// The identifier the token spells, unquoted.
        var name: String {
            guard let f = text.first, text.count >= 2, f == "\"" || f == "`" || f == "[" || f == "'" else { return text }
            let closing: Character = f == "[" ? "]" : f
            return String(text.dropFirst().dropLast()).replacingAll(String(closing) + String(closing), with: String(closing))
        }
        var isIdentifierLike: Bool {
            guard let f = text.first else { return false }
            return f == "\"" || f == "`" || f == "[" || f.isLetter || f == "_"
        }
    }

    var tokens: [Token] = []

    init(_ s: String) {
        var i = s.startIndex
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "$" }
        while i < s.endIndex {
            let c = s[i]
            if c.isWhitespace { i = s.index(after: i); continue }
            if c == "-", s[i...].hasPrefix("--") {
                while i < s.endIndex, s[i] != "\n" { i = s.index(after: i) }
                continue
            }
            if c == "/", s[i...].hasPrefix("/*") {
                i = s.index(i, offsetBy: 2)
                while i < s.endIndex, !s[i...].hasPrefix("*/") { i = s.index(after: i) }
                i = i < s.endIndex ? s.index(i, offsetBy: 2) : s.endIndex
                continue
            }
            let start = i
            if c == "\"" || c == "`" || c == "'" || c == "[" {
                let closing: Character = c == "[" ? "]" : c
                i = s.index(after: i)
                while i < s.endIndex {
                    if s[i] == closing {
                        let n = s.index(after: i)
                        // A doubled quote is part of the name.
                        if closing != "]", n < s.endIndex, s[n] == closing { i = s.index(after: n); continue }
                        i = n
                        break
                    }
                    i = s.index(after: i)
                }
            } else if isWord(c) {
                while i < s.endIndex, isWord(s[i]) { i = s.index(after: i) }
            } else {
                i = s.index(after: i)
            }
            tokens.append(Token(text: String(s[start..<i]), range: start..<i))
        }
    }

    /// Whether an identifier token (not a string literal) names `name`, in any case.
    func mentions(_ name: String) -> Bool {
        let n = name.lowercased()
        return tokens.contains { $0.isIdentifierLike && $0.name.lowercased() == n }
    }
}
