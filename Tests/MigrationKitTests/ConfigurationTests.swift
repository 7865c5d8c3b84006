import Foundation
import MigrationKit
import Testing

@Suite("Configuration (oslo.config rules)")
struct ConfigurationTests {
    func config(_ text: String, origin: String = "vdi.conf") throws -> Configuration {
        var c = Configuration()
        try c.read(text: text, origin: origin)
        return c
    }

    @Test("key = value and key: value, sections, DEFAULT")
    func basics() throws {
        let c = try config("""
            [DEFAULT]
            debug = true
            [database]
            connection = sqlite:///vdi.db
            max_retries: 10
            [Migrations]
            Lock-Timeout = 30
            """)
        #expect(try c.string("database", "connection") == "sqlite:///vdi.db")
        #expect(try c.int("database", "max_retries") == 10)
        #expect(try c.bool("DEFAULT", "debug") == true)
        #expect(try c.double("migrations", "lock_timeout") == 30, "sections and keys are case-insensitive; - means _")
        #expect(try c.string("database", "missing") == nil)
    }

    @Test("the first of '=' and ':' separates key from value")
    func separators() throws {
        let c = try config("""
            [database]
            connection = postgresql://u:p@h:5432/d
            colon: a=b
            """)
        #expect(try c.string("database", "connection") == "postgresql://u:p@h:5432/d")
        #expect(try c.string("database", "colon") == "a=b")
    }

    @Test("comments, blank lines, quotes, continuation lines")
    func comments() throws {
        let c = try config("""
            # a comment
            ; another
            [database]
            # connection = ignored
            connection = "sqlite:///quoted.db"
            tables = one,
              two,
            \tthree

            single = 'x'
            hash = value # not a comment
            """)
        #expect(try c.string("database", "connection") == "sqlite:///quoted.db")
        #expect(try c.string("database", "tables") == "one,\ntwo,\nthree")
        #expect(try c.list("database", "tables") == ["one", "two", "three"])
        #expect(try c.string("database", "single") == "x")
        #expect(try c.string("database", "hash") == "value # not a comment")
    }

    @Test("interpolation: $name, ${section.name}, $$, DEFAULT fallback")
    func interpolation() throws {
        let c = try config("""
            [DEFAULT]
            state_path = /var/lib/vdi
            [database]
            file = vdi.db
            connection = sqlite:///$state_path/$file
            other = ${migrations.table}-x
            price = $$5
            [migrations]
            table = alembic_version
            """)
        #expect(try c.string("database", "connection") == "sqlite:////var/lib/vdi/vdi.db")
        #expect(try c.string("database", "other") == "alembic_version-x")
        #expect(try c.string("database", "price") == "$5")
    }

    @Test("interpolation errors name the file and line")
    func interpolationErrors() throws {
        let c = try config("""
            [database]
            connection = $nope
            loop = $loop2
            loop2 = $loop
            state = $nope
            """)
        // The connection may hold a password: nothing of its value is quoted back.
        #expect(throws: ConfigError(file: "vdi.conf", line: 2, "[database] connection: unknown variable after a '$' (the value is not shown: it may hold a password; write '$$' for a dollar sign)")) {
            try c.string("database", "connection")
        }
        #expect(throws: ConfigError(file: "vdi.conf", line: 5, "[database] state: unknown variable '$nope' (write '$$' for a dollar sign)")) {
            try c.string("database", "state")
        }
        let e = #expect(throws: ConfigError.self) { try c.string("database", "loop") }
        #expect(e?.description.contains("interpolation loop") == true)
    }

    static let malformed: [(String, String)] = [
        ("[database]\nthis line has no separator\n", "vdi.conf:2: expected 'key = value'"),
        ("connection = x\n", "vdi.conf:1: 'connection' comes before any [section] header"),
        ("[database\nx = 1\n", "vdi.conf:1: expected '[section]'"),
        ("[]\n", "vdi.conf:1: empty section name"),
        ("[database]\n= value\n", "vdi.conf:2: expected 'key = value', found no key"),
        ("[database]\n\n  indented = 1\n", "vdi.conf:3: unexpected continuation line"),
    ]

    @Test("malformed files are refused with file:line", arguments: malformed)
    func malformedFiles(text: String, expected: String) throws {
        let e = #expect(throws: ConfigError.self) { try config(text) }
        #expect(e?.description.hasPrefix(expected) == true, "\(e?.description ?? "")")
    }

    @Test("typed options name where a bad value was set")
    func badValues() throws {
        let c = try config("[migrations]\nlock_timeout = soon\nlock = maybe\n")
        #expect(throws: ConfigError(file: "vdi.conf", line: 2, "[migrations] lock_timeout: 'soon' is not a number")) {
            try c.double("migrations", "lock_timeout")
        }
        let e = #expect(throws: ConfigError.self) { try Settings(c) }
        #expect(e?.description.hasPrefix("vdi.conf:2:") == true)
    }

    @Test("later files win; --config-dir files are read sorted after the files; env and overrides on top")
    func layering() throws {
        let dir = NSTemporaryDirectory() + "vdi-conf-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/conf.d", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[database]\nconnection = sqlite:///a.db\n[migrations]\nversion_table = one\nlock_timeout = 1\n"
            .write(toFile: dir + "/a.conf", atomically: true, encoding: .utf8)
        try "[database]\nconnection = sqlite:///b.db\n".write(toFile: dir + "/b.conf", atomically: true, encoding: .utf8)
        try "[migrations]\nversion_table = from_dir_1\n".write(toFile: dir + "/conf.d/10-x.conf", atomically: true, encoding: .utf8)
        try "[migrations]\nversion_table = from_dir_2\n".write(toFile: dir + "/conf.d/20-y.conf", atomically: true, encoding: .utf8)
        try "[migrations]\nversion_table = ignored\n".write(toFile: dir + "/conf.d/30-z.txt", atomically: true, encoding: .utf8)

        let files = [dir + "/a.conf", dir + "/b.conf"]
        var c = try Configuration.load(files: files, directories: [dir + "/conf.d"])
        #expect(try c.string("database", "connection") == "sqlite:///b.db")
        #expect(try c.string("migrations", "version_table") == "from_dir_2")
        #expect(try c.double("migrations", "lock_timeout") == 1)

        c = try Configuration.load(
            files: files, directories: [], environment: ["OS_DATABASE__CONNECTION": "sqlite:///env.db", "OS_MIGRATIONS__LOCK_TIMEOUT": "7", "HOME": "/x"])
        #expect(try c.string("database", "connection") == "sqlite:///env.db")
        #expect(try c.double("migrations", "lock_timeout") == 7)

        c = try Configuration.load(
            files: files, environment: ["OS_DATABASE__CONNECTION": "sqlite:///env.db"],
            overrides: [ConfigEntry(section: "database", key: "connection", value: "sqlite:///flag.db", origin: "--database-connection", line: nil)])
        #expect(try c.string("database", "connection") == "sqlite:///flag.db")
        #expect(try Settings(c).url?.database == "flag.db")
    }

    @Test("missing files and directories are reported by name")
    func missing() throws {
        #expect(throws: ConfigError(file: "/no/such.conf", "config file not found")) {
            try Configuration.load(files: ["/no/such.conf"])
        }
        #expect(throws: ConfigError(file: "/no/such.d", "config directory not found")) {
            try Configuration.load(files: [], directories: ["/no/such.d"])
        }
    }

    @Test("a bad URL in the config names file and line without the password")
    func badURL() throws {
        let c = try config("[database]\n\nconnection = oracle://scott:tiger@h/d\n")
        let e = #expect(throws: ConfigError.self) { try Settings(c) }
        #expect(e?.description == "vdi.conf:3: [database] connection: unknown database URL scheme 'oracle' (supported: postgresql, mysql, mariadb, sqlite)")
    }

    @Test("settings defaults and the missing-connection message")
    func settings() throws {
        let s = try Settings(Configuration())
        #expect(s.versionTable == "alembic_version")
        #expect(s.lockTimeout == 300)
        #expect(s.useLock)
        let e = #expect(throws: ConfigError.self) { try s.requireURL() }
        #expect(e?.description.contains("[database] connection") == true)
    }

    @Test("etc/vdi.conf.sample documents every option Settings reads, with its default, and parses")
    func sampleDocumentsEveryOption() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let settings = try String(contentsOfFile: root + "/Sources/MigrationKit/Config/Settings.swift", encoding: .utf8)
        let sample = try String(contentsOfFile: root + "/etc/vdi.conf.sample", encoding: .utf8)
        // The option table in Settings' documentation: /// | `[section] key` | `default` | meaning |
        var options: [(section: String, key: String, value: String?)] = []
        for line in settings.split(separator: "\n") where line.hasPrefix("/// | `[") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`[")).split(separator: "]")
            let value = cells[2].hasPrefix("`") ? cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`")) : nil
            options.append((String(name[0]), name[1].trimmingCharacters(in: .whitespaces), value))
        }
        #expect(options.count >= 10, "the option table was not found: \(options)")
        var section = ""
        var documented: [String: String] = [:]
        for line in sample.split(separator: "\n") {
            if line.hasPrefix("[") { section = line.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
            // An option line: `#key = value`, the key right after the `#` (prose has a space there).
            let parts = line.dropFirst().split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if line.hasPrefix("#"), parts.count == 2, let first = parts[0].first, first.isLetter, !parts[0].trimmingCharacters(in: .whitespaces).contains(" ") {
                documented[section + "." + parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        for o in options where o.section != "alembic" {
            let value = documented[o.section + "." + o.key]
            #expect(value != nil, "[\(o.section)] \(o.key) is not in etc/vdi.conf.sample")
            if let want = o.value, let value, o.key != "connection", o.key != "source_dir" {
                #expect(value == want, "[\(o.section)] \(o.key): the sample says \(value), Settings \(want)")
            }
        }
        // Uncommented, the sample is a valid configuration.
        let uncommented = sample.split(separator: "\n").map { $0.hasPrefix("#") && $0.dropFirst().first?.isLetter == true && $0.contains(" = ") ? String($0.dropFirst()) : String($0) }
            .joined(separator: "\n")
        let s = try Settings(try config(uncommented.replacingOccurrences(of: "$state_path/vdi.db", with: "/tmp/vdi.db")))
        #expect(s.lockLease == 30 && s.lockTimeout == 300 && s.useLock)
    }
}
