/// One `key = value` read from a configuration file, with where it came from.
public struct ConfigEntry: Sendable, Equatable {
    public var section: String
    public var key: String
    public var value: String
    /// The file (or `environment`, or `command line`) the value came from.
    public var origin: String
    public var line: Int?
    /// Whether `$name` in the value is a variable. Only config files interpolate: a value from the
    /// environment or the command line is taken as it is (a password may contain `$`).
    public var interpolates: Bool

    public init(section: String, key: String, value: String, origin: String, line: Int?, interpolates: Bool? = nil) {
        self.section = INIParser.normalizeSection(section)
        self.key = INIParser.normalizeKey(key)
        self.value = value
        self.origin = origin
        self.line = line
        self.interpolates = interpolates ?? (line != nil)
    }
}

/// Parses oslo.config's INI dialect.
///
/// Rules (as oslo.config's own parser applies them): `[section]` headers, `key = value` or
/// `key: value` (whichever separator comes first), full-line comments starting with `#` or `;`,
/// continuation lines starting with white space (joined with newlines), a blank line ends a value,
/// and one pair of matching quotes around a value is removed. Section names other than `DEFAULT`
/// and keys are case-insensitive; `-` in a key means `_`.
public enum INIParser {
    public static func parse(_ text: String, origin: String) throws -> [ConfigEntry] {
        var entries: [ConfigEntry] = []
        var section: String?
        var pending: (key: String, lines: [String], line: Int)?

        func flush() {
            guard let p = pending, let section else { return }
            var value = p.lines.joined(separator: "\n")
            if value.count >= 2, let f = value.first, f == value.last, f == "\"" || f == "'" {
                value = String(value.dropFirst().dropLast())
            }
            entries.append(ConfigEntry(section: section, key: p.key, value: value, origin: origin, line: p.line))
            pending = nil
        }

        var number = 0
        // "\r\n" is one Character in Swift: split on every line ending, so CRLF files read as LF ones.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            var line = Substring(rawLine)
            if number == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            while let last = line.last, last.isWhitespace { line = line.dropLast() }
            if line.isEmpty {
                flush()
                continue
            }
            if line.first == " " || line.first == "\t" {
                guard pending != nil else {
                    throw ConfigError(file: origin, line: number, "unexpected continuation line (indented line with no 'key = value' before it)")
                }
                pending!.lines.append(line.trimmingWhitespace())
                continue
            }
            flush()
            if line.first == "[" {
                guard line.last == "]" else {
                    throw ConfigError(file: origin, line: number, "expected '[section]'")
                }
                let name = line.dropFirst().dropLast().trimmingWhitespace()
                guard !name.isEmpty else {
                    throw ConfigError(file: origin, line: number, "empty section name '[]'")
                }
                section = normalizeSection(name)
            } else if line.first == "#" || line.first == ";" {
                continue
            } else {
                let eq = line.firstIndex(of: "=")
                let colon = line.firstIndex(of: ":")
                let split: String.Index
                switch (eq, colon) {
                case (nil, nil):
                    throw ConfigError(file: origin, line: number, "expected 'key = value'")
                case let (e?, c?): split = min(e, c)
                case let (e?, nil): split = e
                case let (nil, c?): split = c
                }
                let key = line[..<split].trimmingWhitespace()
                guard !key.isEmpty else {
                    throw ConfigError(file: origin, line: number, "expected 'key = value', found no key")
                }
                guard section != nil else {
                    throw ConfigError(file: origin, line: number, "'\(key)' comes before any [section] header")
                }
                pending = (normalizeKey(key), [line[line.index(after: split)...].trimmingWhitespace()], number)
            }
        }
        flush()
        return entries
    }

    /// `DEFAULT` in any case means the shared section; other names are lower-cased.
    public static func normalizeSection(_ name: String) -> String {
        name.uppercased() == "DEFAULT" ? "DEFAULT" : name.lowercased()
    }

    public static func normalizeKey(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
