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
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(v, indent: indent, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends to one byte buffer (building each level as its own string copied the document once per
    /// level, and appending to a String cost more than the rest of `inspect`'s output).
    static func write(_ v: Value, indent: Int, into out: inout [UInt8]) {
        func pad(_ n: Int) { for _ in 0..<n { out.append(32); out.append(32) } }
        switch v {
        case .string(let s): quote(s, into: &out)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ",\n".utf8) }
                pad(indent + 1)
                write(item, indent: indent + 1, into: &out)
            }
            out.append(10)
            pad(indent)
            out.append(93)
        case .object(let pairs):
            if pairs.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out.append(contentsOf: ",\n".utf8) }
                pad(indent + 1)
                quote(pair.0, into: &out)
                out.append(contentsOf: ": ".utf8)
                write(pair.1, indent: indent + 1, into: &out)
            }
            out.append(10)
            pad(indent)
            out.append(125)
        }
    }

    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(34)
        for b in s.utf8 {
            switch b {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(34)
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
                        ("generated", c.generated.map { g in .object([("expression", .string(g.expression)), ("stored", .bool(g.stored))]) } ?? .null),
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
                ("indexes", .array(t.indexes.map { i in
                    .object([("name", .string(i.name)), ("columns", strings(i.columns)), ("unique", .bool(i.unique)), ("include", strings(i.include)), ("where", optional(i.predicate))])
                })),
            ])
        }
        let enums: [Value] = s.enums.map { e in .object([("name", .string(e.name)), ("values", strings(e.values))]) }
        return render(.object([("tables", .array(tables)), ("enums", .array(enums))])) + "\n"
    }
}
