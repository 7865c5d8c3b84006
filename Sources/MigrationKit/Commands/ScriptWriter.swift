import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Writes revision scripts as Swift files and keeps the repository's registry file up to date, so the
/// next `swift build` includes a new revision with no hand edits.
///
/// Layout under the repository's source directory: `Registry.swift` (the list of script types,
/// between `// registry: begin` and `// registry: end`) and `Versions/<id>_<slug>.swift`.
public struct ScriptWriter {
    public let directory: String
    public let registryType: String

    public static let beginMarker = "// registry: begin"
    public static let endMarker = "// registry: end"

    public init(directory: String, registryType: String) {
        self.directory = directory
        self.registryType = registryType
    }

    public var registryPath: String { directory + "/Registry.swift" }
    public var versionsDirectory: String { directory + "/Versions" }

    /// The Swift type name for a revision id.
    public static func typeName(for id: String) -> String {
        "Revision_" + String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// A file-name slug from a message: lower case, words joined by `_`, at most 40 characters.
    public static func slug(_ message: String) -> String {
        var out = ""
        var gap = false
        for ch in message.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                if gap && !out.isEmpty { out.append("_") }
                out.append(ch)
                gap = false
            } else {
                gap = true
            }
            if out.count >= 40 { break }
        }
        return out.isEmpty ? "revision" : out
    }

    /// A new random revision id: 12 hex digits, as Alembic makes them.
    public static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in "0123456789abcdef".randomElement(using: &g)! })
    }

    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    public static func timestamp() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// What a new script declares.
    public struct Header {
        public var id: String
        public var parents: [String]
        public var message: String
        public var dependsOn: [String] = []
        public var branchLabels: [String] = []
        public var createDate: String = ScriptWriter.timestamp()

        public init(id: String, parents: [String], message: String, dependsOn: [String] = [], branchLabels: [String] = []) {
            self.id = id
            self.parents = parents
            self.message = message
            self.dependsOn = dependsOn
            self.branchLabels = branchLabels
        }
    }

    /// The Swift source of a revision script with the given bodies (already indented by 8 spaces).
    public func render(_ h: Header, upgradeBody: String = "", downgradeBody: String = "", notes: [String] = []) -> String {
        func list(_ items: [String]) -> String { "[" + items.map(Self.swiftString).joined(separator: ", ") + "]" }
        var s = "import MigrationKit\n\n"
        s += "/// \(h.message.replacingNewlinesWithSpaces())\n///\n"
        s += "/// Revision ID: \(h.id)\n"
        s += "/// Revises: \(h.parents.joined(separator: ", "))\n"
        s += "/// Create Date: \(h.createDate)\n"
        for note in notes { s += "///\n/// \(note)\n" }
        s += "struct \(Self.typeName(for: h.id)): MigrationScript {\n"
        s += "    static let id = \(Self.swiftString(h.id))\n"
        s += "    static let parents: [String] = \(list(h.parents))\n"
        if !h.dependsOn.isEmpty { s += "    static let dependsOn: [String] = \(list(h.dependsOn))\n" }
        if !h.branchLabels.isEmpty { s += "    static let branchLabels: [String] = \(list(h.branchLabels))\n" }
        s += "    static let message = \(Self.swiftString(h.message))\n"
        s += "    static let createDate: String? = \(Self.swiftString(h.createDate))\n\n"
        s += "    func upgrade(_ op: Operations) throws {\n\(upgradeBody)    }\n\n"
        s += "    func downgrade(_ op: Operations) throws {\n\(downgradeBody)    }\n"
        s += "}\n"
        return s
    }

    /// Writes a plain-SQL revision: `Versions/<id>_<slug>/upgrade.sql` and `downgrade.sql` to fill in
    /// (with per-dialect variants beside them if needed), and the Swift declaration that puts it in the
    /// graph, registered. Returns the directory's path.
    @discardableResult
    public func writeSQLFiles(_ h: Header) throws -> String {
        let fm = FileManager.default
        guard fm.fileExists(atPath: registryPath) else {
            throw ScriptWriterError("cannot find \(registryPath): run from the project root, or set [migrations] source_dir")
        }
        let name = "\(h.id)_\(Self.slug(h.message))"
        let dir = versionsDirectory + "/" + name
        guard !fm.fileExists(atPath: dir) else { throw ScriptWriterError("\(dir) already exists") }
        let registry = try registerText(Self.typeName(for: h.id))
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let note = """
            -- <step> of revision \(h.id). Statements end with ';' (semicolons inside strings, comments and
            -- $$-quoted bodies are fine). A <step>.postgresql.sql, <step>.mysql.sql or <step>.sqlite.sql
            -- beside this file takes precedence on that database.

            """
        try Data((note.replacingAll("<step>", with: "upgrade") + "-- \(h.message)\n").utf8).write(to: URL(fileURLWithPath: dir + "/upgrade.sql"))
        try Data((note.replacingAll("<step>", with: "downgrade") + "-- undo: \(h.message)\n").utf8).write(to: URL(fileURLWithPath: dir + "/downgrade.sql"))
        func list(_ items: [String]) -> String { "[" + items.map(Self.swiftString).joined(separator: ", ") + "]" }
        var s = "import MigrationKit\n\n"
        s += "/// \(h.message.replacingNewlinesWithSpaces())\n///\n"
        s += "/// Revision ID: \(h.id)\n/// Revises: \(h.parents.joined(separator: ", "))\n/// Create Date: \(h.createDate)\n"
        s += "///\n/// Written in SQL: see \(name)/.\n"
        s += "struct \(Self.typeName(for: h.id)): SQLFileScript {\n"
        s += "    static let id = \(Self.swiftString(h.id))\n"
        s += "    static let parents: [String] = \(list(h.parents))\n"
        if !h.dependsOn.isEmpty { s += "    static let dependsOn: [String] = \(list(h.dependsOn))\n" }
        if !h.branchLabels.isEmpty { s += "    static let branchLabels: [String] = \(list(h.branchLabels))\n" }
        s += "    static let message = \(Self.swiftString(h.message))\n"
        s += "    static let createDate: String? = \(Self.swiftString(h.createDate))\n"
        s += "    static var sqlFiles: [String: String] { EmbeddedSQL.files(in: \(Self.swiftString("Versions/" + name))) }\n"
        s += "}\n"
        try Data(s.utf8).write(to: URL(fileURLWithPath: dir + ".swift"))
        try replaceRegistry(with: registry)
        return dir
    }

    /// Writes the script and registers it; returns the file's path. Refuses to overwrite.
    @discardableResult
    public func write(_ h: Header, upgradeBody: String = "", downgradeBody: String = "", notes: [String] = []) throws -> String {
        let fm = FileManager.default
        guard fm.fileExists(atPath: registryPath) else {
            throw ScriptWriterError("cannot find \(registryPath): run from the project root, or set [migrations] source_dir")
        }
        if !fm.fileExists(atPath: versionsDirectory) {
            try fm.createDirectory(atPath: versionsDirectory, withIntermediateDirectories: true)
        }
        let path = versionsDirectory + "/\(h.id)_\(Self.slug(h.message)).swift"
        guard !fm.fileExists(atPath: path) else { throw ScriptWriterError("\(path) already exists") }
        let registry = try registerText(Self.typeName(for: h.id))
        // Write the script first and the registry second: an interrupted write leaves an unregistered
        // file, which check_migration reports, rather than a registry naming a missing type.
        try Data(render(h, upgradeBody: upgradeBody, downgradeBody: downgradeBody, notes: notes).utf8).write(to: URL(fileURLWithPath: path))
        try replaceRegistry(with: registry)
        return path
    }

    /// Replaces the registry file in one step (write a copy, rename it over), so a reader never sees half of it.
    func replaceRegistry(with text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: registryPath + ".tmp"))
        if rename(registryPath + ".tmp", registryPath) != 0 {
            throw ScriptWriterError("cannot replace \(registryPath)")
        }
    }

    /// The registry text with `typeName` added before the end marker.
    func registerText(_ typeName: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: registryPath), let text = String(data: data, encoding: .utf8) else {
            throw ScriptWriterError("cannot read \(registryPath)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let end = lines.firstIndex(where: { $0.trimmingWhitespace() == Self.endMarker }),
            lines.contains(where: { $0.trimmingWhitespace() == Self.beginMarker })
        else {
            throw ScriptWriterError("\(registryPath) lacks the '\(Self.beginMarker)' / '\(Self.endMarker)' lines")
        }
        let indent = String(lines[end].prefix(while: { $0 == " " }))
        lines.insert("\(indent)\(typeName).self,", at: end)
        return lines.joined(separator: "\n")
    }

    /// The revisions the files in `Versions/` declare, with their parents (`static let parents`), as
    /// written on disk — built into the binary or not yet.
    public func scannedHeaders() throws -> [(id: String, parents: [String], path: String)] {
        try scannedScripts().map { script in
            let text = FileSystem.text(script.path) ?? ""
            var parents: [String] = []
            for line in text.split(separator: "\n") {
                let t = line.trimmingWhitespace()
                guard t.hasPrefix("static let parents") || t.hasPrefix("static var parents"), let eq = t.firstIndex(of: "=") else { continue }
                parents = t[eq...].split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                    .filter { $0.offset % 2 == 1 }.map { String($0.element) }
                break
            }
            return (script.id, parents, script.path)
        }
    }

    /// The revision ids declared by the files in `Versions/` (`static let id = "…"`), with their paths.
    public func scannedScripts() throws -> [(id: String, path: String)] {
        let fm = FileManager.default
        // Deliberate: no Versions/ folder yet means no scripts (a new project).
        guard let names = try? fm.contentsOfDirectory(atPath: versionsDirectory) else { return [] }
        var found: [(String, String)] = []
        for name in names.sorted() where name.hasSuffix(".swift") {
            let path = versionsDirectory + "/" + name
            guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let t = line.trimmingWhitespace()
                guard t.hasPrefix("static let id") || t.hasPrefix("static var id"), let q1 = t.firstIndex(of: "\""),
                    let q2 = t[t.index(after: q1)...].firstIndex(of: "\"")
                else { continue }
                found.append((String(t[t.index(after: q1)..<q2]), path))
            }
        }
        return found
    }

    /// A Swift string literal.
    public static func swiftString(_ s: String) -> String { SwiftSource.string(s) }
}

public struct ScriptWriterError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

extension String {
    func replacingNewlinesWithSpaces() -> String { String(map { $0.isNewline ? " " : $0 }) }
}
