/// A small JSON writer that keeps keys in the order given, so `inspect --format json` is stable and
/// reads in the order a person expects (tables, each with columns, keys, constraints, indexes; then enums).
public enum OrderedJSON {
    public indirect enum Value {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])
    }

    public static func render(_ v: Value, indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch v {
        case .string(let s): return quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + render($0, indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { inner + quote($0.0) + ": " + render($0.1, indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func strings(_ l: [String]) -> Value { .array(l.map(Value.string)) }
    static func optional(_ s: String?) -> Value { s.map(Value.string) ?? .null }

    static func defaultValue(_ d: DefaultValue?) -> Value {
        guard let d else { return .null }
        switch d {
        case .string(let s): return .object([("string", .string(s))])
        case .integer(let i): return .object([("integer", .number(String(i)))])
        case .double(let v): return .object([("double", .number(v.isFinite ? "\(v)" : "null"))])
        case .boolean(let b): return .object([("boolean", .bool(b))])
        case .expression(let e): return .object([("expression", .string(e))])
        }
    }

    /// The schema as an ordered JSON document.
    public static func schema(_ s: Schema) -> String {
        let tables: [Value] = s.tables.map { t in
            .object([
                ("name", .string(t.name)),
                ("comment", optional(t.comment)),
                ("columns", .array(t.columns.map { c in
                    .object([
                        ("name", .string(c.name)), ("type", .string(c.type.description)), ("nullable", .bool(c.nullable)),
                        ("default", defaultValue(c.defaultValue)), ("autoincrement", .bool(c.autoincrement)), ("comment", optional(c.comment)),
                    ])
                })),
                ("primary_key", t.primaryKey.map { p in .object([("name", optional(p.name)), ("columns", strings(p.columns))]) } ?? .null),
                ("foreign_keys", .array(t.foreignKeys.map { f in
                    .object([
                        ("name", .string(f.name)), ("columns", strings(f.columns)), ("referenced_table", .string(f.referencedTable)),
                        ("referenced_columns", strings(f.referencedColumns)), ("on_delete", optional(f.onDelete?.rawValue)),
                        ("on_update", optional(f.onUpdate?.rawValue)),
                    ])
                })),
                ("unique_constraints", .array(t.uniqueConstraints.map { u in .object([("name", .string(u.name)), ("columns", strings(u.columns))]) })),
                ("check_constraints", .array(t.checkConstraints.map { c in .object([("name", .string(c.name)), ("expression", .string(c.expression))]) })),
                ("indexes", .array(t.indexes.map { i in .object([("name", .string(i.name)), ("columns", strings(i.columns)), ("unique", .bool(i.unique))]) })),
            ])
        }
        let enums: [Value] = s.enums.map { e in .object([("name", .string(e.name)), ("values", strings(e.values))]) }
        return render(.object([("tables", .array(tables)), ("enums", .array(enums))])) + "\n"
    }
}
