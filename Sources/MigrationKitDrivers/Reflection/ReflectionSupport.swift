import MigrationKit

/// Pieces the reflectors share: reading default expressions and grouping rows by table.
enum ReflectionSupport {
    /// A default as the catalog prints it (`'abc'`, `'x'::character varying`, `0`, `(now())`, `CURRENT_TIMESTAMP`).
    static func parseDefault(_ raw: String, type: ColumnType, backslashEscapes: Bool = false) -> DefaultValue? {
        var text = raw.trimmingWhitespace()
        if text.isEmpty || text.uppercased() == "NULL" { return nil }
        // Strip one layer of parentheses around the whole text.
        while text.hasPrefix("("), text.hasSuffix(")"), balanced(String(text.dropFirst().dropLast())) {
            text = String(text.dropFirst().dropLast()).trimmingWhitespace()
        }
        if text.hasPrefix("'") {
            var value = ""
            var i = text.index(after: text.startIndex)
            var closed = false
            while i < text.endIndex {
                let ch = text[i]
                if ch == "'" {
                    let next = text.index(after: i)
                    if next < text.endIndex, text[next] == "'" {
                        value.append("'")
                        i = text.index(after: next)
                        continue
                    }
                    closed = true
                    i = next
                    break
                }
                if ch == "\\", backslashEscapes, text.index(after: i) < text.endIndex {
                    value.append(text[text.index(after: i)])
                    i = text.index(i, offsetBy: 2)
                    continue
                }
                value.append(ch)
                i = text.index(after: i)
            }
            let rest = closed ? String(text[i...]) : ""
            if closed && (rest.isEmpty || rest.hasPrefix("::")) {
                return typed(value, type: type, quoted: true)
            }
            return .expression(text)
        }
        return typed(text, type: type, quoted: false)
    }

    static func typed(_ value: String, type: ColumnType, quoted: Bool) -> DefaultValue {
        switch type {
        case .boolean:
            switch value.lowercased() {
            case "true", "1", "t": return .boolean(true)
            case "false", "0", "f": return .boolean(false)
            default: break
            }
        case .integer, .smallInteger, .bigInteger:
            if let i = Int64(value) { return .integer(i) }
        case .float, .numeric:
            if let i = Int64(value) { return .integer(i) }
            if let d = Double(value) { return .double(d) }
        default:
            if quoted { return .string(value) }
        }
        if quoted { return .string(value) }
        if let i = Int64(value) { return .integer(i) }
        if let d = Double(value) { return .double(d) }
        let upper = value.uppercased()
        if upper == "CURRENT_TIMESTAMP()" || upper == "CURRENT_TIMESTAMP" { return .expression("CURRENT_TIMESTAMP") }
        return .expression(value)
    }

    static func balanced(_ s: String) -> Bool {
        var depth = 0
        var quote = false
        for ch in s {
            if ch == "'" { quote.toggle() }
            if quote { continue }
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0 && !quote
    }

    /// `VARCHAR(255)` → ("VARCHAR", [255]).
    static func splitType(_ raw: String) -> (base: String, args: [Int]) {
        let t = raw.trimmingWhitespace()
        guard let open = t.firstIndex(of: "("), let close = t.lastIndex(of: ")"), open < close else {
            return (t.uppercased(), [])
        }
        let args = t[t.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingWhitespace()) }
        let base = (String(t[..<open]) + String(t[t.index(after: close)...])).trimmingWhitespace().uppercased()
        return (base, args)
    }
}

/// Builds tables from catalog rows, in name order.
struct TableAccumulator {
    var order: [String] = []
    var tables: [String: Table] = [:]

    mutating func table(_ name: String) -> Table {
        if let t = tables[name] { return t }
        order.append(name)
        let t = Table(name: name, columns: [])
        tables[name] = t
        return t
    }

    /// Changes the table in place (a copy taken out and put back made every appended column copy the
    /// table's columns again).
    mutating func update(_ name: String, _ change: (inout Table) -> Void) {
        if tables[name] == nil { _ = table(name) }
        change(&tables[name]!)
    }

    func result(enums: [SQLEnum]) -> Schema {
        Schema(tables: order.sorted().compactMap { tables[$0] }, enums: enums)
    }
}
