import FoundationEssentials

/// Configuration assembled the way oslo.config does it.
///
/// Sources, lowest precedence first: each `--config-file` in order, then each `--config-dir`'s
/// `*.conf` files in sorted order, then `OS_<SECTION>__<KEY>` environment variables, then explicit
/// overrides (such as `--database-connection`). Values from files are interpolated on read: `$name`
/// (same section, then `[DEFAULT]`), `${section.name}`, and `$$` for a literal dollar; values from the
/// environment and the command line are taken literally.
public struct Configuration: Sendable {
    private var values: [String: [String: ConfigEntry]] = [:]
    /// The files read, in order.
    public private(set) var files: [String] = []

    public init() {}

    /// Reads configuration files, directories and the environment.
    public static func load(
        files: [String], directories: [String] = [], environment: [String: String] = [:],
        overrides: [ConfigEntry] = []
    ) throws -> Configuration {
        var config = Configuration()
        for file in files { try config.read(file: file) }
        for dir in directories {
            for file in try confFiles(in: dir) { try config.read(file: file) }
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard name.hasPrefix("OS_"), let sep = name.firstRange(of: "__") else { continue }
            let section = String(name[name.index(name.startIndex, offsetBy: 3)..<sep.lowerBound])
            let key = String(name[sep.upperBound...])
            guard !section.isEmpty, !key.isEmpty else { continue }
            config.set(ConfigEntry(
                section: INIParser.normalizeSection(section), key: INIParser.normalizeKey(key), value: value,
                origin: "environment variable \(name)", line: nil))
        }
        for entry in overrides { config.set(entry) }
        return config
    }

    /// Adds the entries of one file; later values win.
    public mutating func read(file path: String) throws {
        let fm = FileManager.default
        var isDir = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ConfigError(file: path, "config file not found")
        }
        guard !isDir else { throw ConfigError(file: path, "is a directory, not a config file (use --config-dir)") }
        guard fm.isReadableFile(atPath: path), let data = fm.contents(atPath: path) else {
            throw ConfigError(file: path, "cannot read config file (permission denied)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, "config file is not UTF-8 text")
        }
        try read(text: text, origin: path)
        files.append(path)
    }

    /// Adds the entries of INI text; `origin` names it in errors.
    public mutating func read(text: String, origin: String) throws {
        for entry in try INIParser.parse(text, origin: origin) { set(entry) }
    }

    public mutating func set(_ entry: ConfigEntry) {
        values[entry.section, default: [:]][entry.key] = entry
    }

    /// Sets a value from code (for example a command-line flag).
    public mutating func set(_ section: String, _ key: String, _ value: String, origin: String = "command line") {
        set(ConfigEntry(
            section: INIParser.normalizeSection(section), key: INIParser.normalizeKey(key), value: value,
            origin: origin, line: nil))
    }

    /// The raw entry, before interpolation.
    public func entry(_ section: String, _ key: String) -> ConfigEntry? {
        values[INIParser.normalizeSection(section)]?[INIParser.normalizeKey(key)]
    }

    /// The interpolated value of `[section] key`, or `nil` when it is not set.
    public func string(_ section: String, _ key: String) throws -> String? {
        guard let e = entry(section, key) else { return nil }
        var seen: Set<String> = []
        return try interpolate(e, seen: &seen)
    }

    /// An integer option; a value that is not one is an error naming where it was set.
    public func int(_ section: String, _ key: String) throws -> Int? {
        guard let text = try string(section, key) else { return nil }
        guard let v = Int(text.trimmingWhitespace()) else {
            throw error(section, key, "'\(text)' is not an integer")
        }
        return v
    }

    /// A number option (seconds, say).
    public func double(_ section: String, _ key: String) throws -> Double? {
        guard let text = try string(section, key) else { return nil }
        guard let v = Double(text.trimmingWhitespace()), v.isFinite else {
            throw error(section, key, "'\(text)' is not a number")
        }
        return v
    }

    /// A boolean option, spelled as oslo.config accepts (true/false, yes/no, on/off, 1/0).
    public func bool(_ section: String, _ key: String) throws -> Bool? {
        guard let text = try string(section, key) else { return nil }
        switch text.trimmingWhitespace().lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw error(section, key, "'\(text)' is not a boolean (true or false)")
        }
    }

    /// A comma-separated list option.
    public func list(_ section: String, _ key: String) throws -> [String]? {
        guard let text = try string(section, key) else { return nil }
        return text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }

    /// An error about one option, located where the option was set.
    public func error(_ section: String, _ key: String, _ message: String) -> ConfigError {
        let e = entry(section, key)
        let where_ = "[\(INIParser.normalizeSection(section))] \(INIParser.normalizeKey(key))"
        return ConfigError(file: e?.origin, line: e?.line, "\(where_): \(message)")
    }

    private func interpolate(_ e: ConfigEntry, seen: inout Set<String>) throws -> String {
        let id = "\(e.section).\(e.key)"
        guard seen.insert(id).inserted else {
            throw ConfigError(file: e.origin, line: e.line, "[\(e.section)] \(e.key): interpolation loop through $\(e.key)")
        }
        defer { seen.remove(id) }
        guard e.interpolates, e.value.contains("$") else { return e.value }
        // A value that may hold a password is never quoted back, not even a variable name in it.
        let secret = Self.mayHoldSecret(e.key)
        var out = ""
        var i = e.value.startIndex
        let s = e.value
        func fail(_ m: String) -> ConfigError { ConfigError(file: e.origin, line: e.line, "[\(e.section)] \(e.key): \(m)") }
        while i < s.endIndex {
            let c = s[i]
            guard c == "$" else { out.append(c); i = s.index(after: i); continue }
            let next = s.index(after: i)
            guard next < s.endIndex else { throw fail("'$' at the end of the value (write '$$' for a dollar sign)") }
            var name: String
            if s[next] == "$" {
                out.append("$"); i = s.index(after: next); continue
            } else if s[next] == "{" {
                guard let close = s[next...].firstIndex(of: "}") else { throw fail("unclosed '${' (write '$$' for a dollar sign)") }
                name = String(s[s.index(after: next)..<close])
                i = s.index(after: close)
            } else {
                var j = next
                while j < s.endIndex, s[j].isLetter || s[j].isNumber || s[j] == "_" { j = s.index(after: j) }
                name = String(s[next..<j])
                guard !name.isEmpty else { throw fail("'$' not followed by a name (write '$$' for a dollar sign)") }
                i = j
            }
            let target: ConfigEntry?
            if let dot = name.firstIndex(of: ".") {
                target = entry(String(name[..<dot]), String(name[name.index(after: dot)...]))
            } else {
                target = values[e.section]?[INIParser.normalizeKey(name)] ?? values["DEFAULT"]?[INIParser.normalizeKey(name)]
            }
            guard let target else {
                throw fail(secret
                    ? "unknown variable after a '$' (the value is not shown: it may hold a password; write '$$' for a dollar sign)"
                    : "unknown variable '$\(name)' (write '$$' for a dollar sign)")
            }
            out += try interpolate(target, seen: &seen)
        }
        return out
    }

    /// Keys whose values may carry a password: the connection URL and anything named like a secret.
    static func mayHoldSecret(_ key: String) -> Bool {
        ["connection", "url", "password", "secret", "token", "credential"].contains { key.lowercased().contains($0) }
    }

    private static func confFiles(in dir: String) throws -> [String] {
        var isDir = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir else {
            throw ConfigError(file: dir, "config directory not found")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw ConfigError(file: dir, "cannot read config directory (permission denied)")
        }
        let base = dir.hasSuffix("/") ? dir : dir + "/"
        return names.filter { $0.hasSuffix(".conf") }.sorted().map { base + $0 }
    }
}
