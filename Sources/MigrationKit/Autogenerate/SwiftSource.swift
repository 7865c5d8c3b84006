/// Renders schema values and operations as Swift source in the model DSL, formatted like hand-written
/// code: what `inspect --format swift` prints and what autogenerate writes into revision scripts.
public enum SwiftSource {
    /// A Swift string literal.
    public static func string(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    public static func type(_ t: ColumnType) -> String {
        switch t {
        case .integer: ".integer"
        case .smallInteger: ".smallInteger"
        case .bigInteger: ".bigInteger"
        case .boolean: ".boolean"
        case .string(let n): ".string(length: \(n.map(String.init) ?? "nil"))"
        case .text: ".text"
        case let .numeric(p, s): ".numeric(precision: \(p.map(String.init) ?? "nil"), scale: \(s.map(String.init) ?? "nil"))"
        case .float: ".float"
        case .date: ".date"
        case .time: ".time"
        case .dateTime(let tz): ".dateTime(timezone: \(tz))"
        case .binary: ".binary"
        case .enumeration(let e): ".enumeration(SQLEnum(name: \(string(e.name)), values: [\(e.values.map(string).joined(separator: ", "))]))"
        case .json: ".json"
        case .uuid: ".uuid"
        }
    }

    public static func defaultValue(_ d: DefaultValue) -> String {
        switch d {
        case .string(let s): ".string(\(string(s)))"
        case .integer(let i): ".integer(\(i))"
        case .double(let v): ".double(\(v))"
        case .boolean(let b): ".boolean(\(b))"
        case .expression(let e): ".expression(\(string(e)))"
        }
    }

    public static func column(_ c: Column) -> String {
        var args = [string(c.name), type(c.type)]
        if !c.nullable { args.append("nullable: false") }
        if let d = c.defaultValue { args.append("default: \(defaultValue(d))") }
        if c.autoincrement { args.append("autoincrement: true") }
        if let m = c.comment { args.append("comment: \(string(m))") }
        if let g = c.generated { args.append("generated: .\(g.stored ? "stored" : "virtual")(\(string(g.expression)))") }
        return "Column(\(args.joined(separator: ", ")))"
    }

    static func strings(_ list: [String]) -> String { "[" + list.map(string).joined(separator: ", ") + "]" }

    /// `, include: [...]`, `, where: "..."` when the index has them.
    static func indexExtras(_ i: Index) -> String {
        (i.include.isEmpty ? "" : ", include: \(strings(i.include))") + (i.predicate.map { ", where: \(string($0))" } ?? "")
    }

    /// A `Table(…) { … }` declaration, indented by `indent` spaces.
    public static func table(_ t: Table, indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        var header = [string(t.name)]
        if let c = t.comment { header.append("comment: \(string(c))") }
        if t.options.mysqlEngine != nil || t.options.mysqlCharset != nil {
            header.append("options: TableOptions(mysqlEngine: \(t.options.mysqlEngine.map(string) ?? "nil"), mysqlCharset: \(t.options.mysqlCharset.map(string) ?? "nil"))")
        }
        var lines = ["\(pad)Table(\(header.joined(separator: ", "))) {"]
        for c in t.columns { lines.append("\(pad)    \(column(c))") }
        if let p = t.primaryKey {
            lines.append("\(pad)    Key.primary(\(p.columns.map(string).joined(separator: ", "))\(p.name.map { ", name: \(string($0))" } ?? ""))")
        }
        for f in t.foreignKeys {
            var args = ["\(strings(f.columns)), references: \(string(f.referencedTable)), \(strings(f.referencedColumns))"]
            if let d = f.onDelete { args.append("onDelete: .\(actionCase(d))") }
            if let u = f.onUpdate { args.append("onUpdate: .\(actionCase(u))") }
            if !f.name.isEmpty { args.append("name: \(string(f.name))") }
            lines.append("\(pad)    Key.foreign(\(args.joined(separator: ", ")))")
        }
        for u in t.uniqueConstraints {
            lines.append("\(pad)    Key.unique(\(u.columns.map(string).joined(separator: ", "))\(u.name.isEmpty ? "" : ", name: \(string(u.name))"))")
        }
        for i in t.indexes {
            lines.append("\(pad)    Key.index(\(i.columns.map(string).joined(separator: ", "))\(i.unique ? ", unique: true" : "")\(indexExtras(i)), name: \(string(i.name)))")
        }
        for c in t.checkConstraints { lines.append("\(pad)    Key.check(\(string(c.name)), \(string(c.expression)))") }
        lines.append("\(pad)}")
        return lines.joined(separator: "\n")
    }

    static func actionCase(_ a: ForeignKeyAction) -> String {
        switch a {
        case .cascade: "cascade"
        case .setNull: "setNull"
        case .setDefault: "setDefault"
        case .restrict: "restrict"
        case .noAction: "noAction"
        }
    }

    /// A whole schema as a Swift file declaring its tables.
    public static func schema(_ s: Schema, typeName: String = "InspectedSchema") -> String {
        var out = "import MigrationKit\n\n/// Reflected from a live database by `vdi-db-manage inspect --format swift`.\npublic enum \(typeName) {\n"
        out += "    public static let tables: [Table] = [\n"
        for t in s.tables { out += table(t, indent: 8) + ",\n" }
        out += "    ]\n}\n"
        return out
    }

    /// The `Operations` call that runs an operation, as a revision script writes it.
    public static func call(_ op: MigrationOperation, indent: Int = 8) -> String {
        let pad = String(repeating: " ", count: indent)
        switch op {
        case .createTable(let t):
            return "\(pad)try op.createTable(\n\(table(t, indent: indent + 4)))"
        case .dropTable(let t):
            return "\(pad)try op.dropTable(\(string(t.name)))"
        case let .renameTable(from, to):
            return "\(pad)try op.renameTable(\(string(from)), to: \(string(to)))"
        case let .addColumn(t, c):
            return "\(pad)try op.addColumn(\(string(t)), \(column(c)))"
        case let .dropColumn(t, c):
            return "\(pad)try op.dropColumn(\(string(t)), \(string(c.name)))"
        case .alterColumn(let a):
            var args = [string(a.table), string(a.column)]
            if let t = a.type { args.append("type: \(type(t))") }
            if let n = a.nullable { args.append("nullable: \(n)") }
            if let d = a.defaultValue { args.append("default: " + (d.map(defaultValue) ?? ".some(nil)")) }
            if let n = a.newName { args.append("newName: \(string(n))") }
            if let m = a.comment { args.append("comment: " + (m.map(string) ?? ".some(nil)")) }
            args.append("existing: \(column(a.existing))")
            return "\(pad)try op.alterColumn(\(args.joined(separator: ", ")))"
        case let .createIndex(t, i):
            return "\(pad)try op.createIndex(\(string(i.name)), on: \(string(t)), \(strings(i.columns))\(i.unique ? ", unique: true" : "")\(indexExtras(i)))"
        case let .dropIndex(t, i):
            return "\(pad)try op.dropIndex(\(string(i.name)), on: \(string(t)))"
        case let .addUnique(t, u):
            return "\(pad)try op.createUniqueConstraint(\(string(u.name)), on: \(string(t)), \(strings(u.columns)))"
        case let .dropUnique(t, u):
            return "\(pad)try op.dropUniqueConstraint(\(string(u.name)), on: \(string(t)))"
        case let .addForeignKey(t, f):
            var s = "\(pad)try op.createForeignKey(\(string(f.name)), from: \(string(t)), \(strings(f.columns)), to: \(string(f.referencedTable)), \(strings(f.referencedColumns))"
            if let d = f.onDelete { s += ", onDelete: .\(actionCase(d))" }
            if let u = f.onUpdate { s += ", onUpdate: .\(actionCase(u))" }
            return s + ")"
        case let .dropForeignKey(t, f):
            return "\(pad)try op.dropForeignKey(\(string(f.name)), on: \(string(t)))"
        case let .addCheck(t, c):
            return "\(pad)try op.createCheckConstraint(\(string(c.name)), on: \(string(t)), \(string(c.expression)))"
        case let .dropCheck(t, c):
            return "\(pad)try op.dropCheckConstraint(\(string(c.name)), on: \(string(t)))"
        case let .addPrimaryKey(t, p):
            return "\(pad)try op.createPrimaryKey(\(p.name.map(string) ?? "nil"), on: \(string(t)), \(strings(p.columns)))"
        case let .dropPrimaryKey(t, p):
            return "\(pad)try op.dropPrimaryKey(\(p.name.map(string) ?? "nil"), on: \(string(t)))"
        case .execute(let sql, _):
            if sql.perBackend.isEmpty { return "\(pad)try op.execute(\(string(sql.generic ?? "")))" }
            let entries = Backend.allCases.compactMap { b in sql.perBackend[b].map { ".\(b.rawValue): \(string($0))" } }
            return "\(pad)try op.execute([\(entries.joined(separator: ", "))]\(sql.generic.map { ", otherwise: \(string($0))" } ?? ""))"
        case .bulkInsert(let b):
            return "\(pad)// bulk insert into \(b.table): write the rows by hand"
        }
    }
}
