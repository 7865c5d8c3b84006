import Foundation
import MigrationFixtures
import MigrationKit
import Testing

/// Property tests over the three parsers that read user input: every input, valid or not, yields a
/// value or a typed error with a one-line message, never a crash, and never the password in print.
/// Inputs are mutations of valid ones from a seeded generator, plus the checked-in corpus of malformed
/// inputs in `Corpus/`. `VDI_FUZZ_ITERATIONS` sets how many (scripts/fuzz.sh runs many more).
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["VDI_FUZZ_ITERATIONS"] ?? "") ?? 3000 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["VDI_FUZZ_SEED"] ?? "") ?? 0x5EED }
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").path

    /// xorshift64*: repeatable across runs and platforms.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let alphabet = Array("abcXYZ019:/@?&=%+-_.[]{}$#;'\"` \t\n\\\u{00e9}\u{1F600}\u{0000}")

    /// Inserts, deletes, replaces and duplicates characters of a valid input.
    static func mutate(_ s: String, _ g: inout Generator) -> String {
        var chars = Array(s)
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            switch Int.random(in: 0..<4, using: &g) {
            case 0: chars.insert(alphabet.randomElement(using: &g)!, at: Int.random(in: 0...chars.count, using: &g))
            case 1: if !chars.isEmpty { chars.remove(at: Int.random(in: 0..<chars.count, using: &g)) }
            case 2: if !chars.isEmpty { chars[Int.random(in: 0..<chars.count, using: &g)] = alphabet.randomElement(using: &g)! }
            default:
                if !chars.isEmpty {
                    let a = Int.random(in: 0..<chars.count, using: &g)
                    let b = Int.random(in: a..<min(chars.count, a + 6), using: &g)
                    chars.insert(contentsOf: chars[a...b], at: a)
                }
            }
        }
        return String(chars)
    }

    static func corpus(_ name: String) throws -> [String] {
        let dir = corpus + "/" + name
        return try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { try String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }
    }

    static let secret = "Pw7secret"
    static let validURLs = [
        "postgresql+psycopg2://vdi:\(secret)@db.example.org:5432/vdi?sslmode=require&connect_timeout=5",
        "mysql+pymysql://vdi:\(secret)@127.0.0.1/vdi?charset=utf8mb4", "mariadb://vdi:\(secret)@/vdi?unix_socket=/run/m.sock",
        "sqlite:////var/lib/vdi/vdi.db", "postgresql://vdi:\(secret)@[::1]:5432/vdi",
    ]

    @Test("database URLs: a value or a one-line error, never the password in print")
    func urls() throws {
        var g = Generator(state: Self.seed)
        var inputs = try Self.corpus("urls")
        for _ in 0..<Self.iterations { inputs.append(Self.mutate(Self.validURLs.randomElement(using: &g)!, &g)) }
        var parsed = 0
        for input in inputs {
            do {
                let url = try DatabaseURL(parsing: input)
                parsed += 1
                // The printed form has *** where the password was (and reads back that way).
                if url.password != nil { #expect(try DatabaseURL(parsing: url.description).password == "***", "\(url)") }
                // The unmasked form reads back as the same URL.
                #expect(try DatabaseURL(parsing: url.unmaskedString) == url, "\(input.debugDescription)")
            } catch let e as DatabaseURLError {
                #expect(!e.description.contains("\n"))
                #expect(!e.description.contains(Self.secret))
            }
        }
        #expect(parsed > 0)
    }

    static let validConfig = """
        [DEFAULT]
        state_path = /var/lib/vdi
        [database]
        connection = sqlite:///$state_path/vdi.db
        [migrations]
        lock_timeout = 30
        version_table = ${DEFAULT.state_path}_v
        tables = a,
          b
        """

    @Test("config files: parsed or refused with file:line, never a crash")
    func configs() throws {
        var g = Generator(state: Self.seed &+ 1)
        var inputs = try Self.corpus("configs")
        for _ in 0..<Self.iterations { inputs.append(Self.mutate(Self.validConfig, &g)) }
        for input in inputs {
            do {
                var c = Configuration()
                try c.read(text: input, origin: "fuzz.conf")
                _ = try? Settings(c)
                _ = try? c.string("database", "connection")
            } catch let e as ConfigError {
                #expect(e.description.hasPrefix("fuzz.conf:"), "\(e)")
                if let line = e.line {
                    #expect(line >= 1 && line <= input.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count, "\(e)")
                }
            }
        }
    }

    @Test("revision targets: a target or a typed error, for every form")
    func targets() throws {
        let graph = try RevisionGraph(FixtureHistories.merged.map(\.revision))
        let current = [[], [graph.indexOf("2000bbbb0002")!], [graph.indexOf("4000dddd0001")!], graph.heads]
        let valid = ["head", "heads", "base", "+1", "-1", "alpha@head", "beta@base", "2000+1", "4000-2", "a1b2", "current", "beta@+1", "1000aaaa0002"]
        var g = Generator(state: Self.seed &+ 2)
        var inputs = try Self.corpus("targets") + valid
        for _ in 0..<Self.iterations { inputs.append(Self.mutate(valid.randomElement(using: &g)!, &g)) }
        var resolved = 0
        for input in inputs {
            for c in current {
                do {
                    _ = try graph.resolve(input, current: c)
                    resolved += 1
                } catch let e as RevisionGraphError {
                    #expect(!e.description.isEmpty && !e.description.contains("\n"))
                }
            }
        }
        #expect(resolved > 0)
    }

    @Test("the corpus holds only inputs that must be refused")
    func corpusIsMalformed() throws {
        for input in try Self.corpus("urls") { #expect(throws: DatabaseURLError.self, "\(input.debugDescription)") { try DatabaseURL(parsing: input) } }
        for input in try Self.corpus("configs") {
            #expect(throws: ConfigError.self, "\(input.debugDescription)") {
                var c = Configuration()
                try c.read(text: input, origin: "corpus.conf")
                _ = try Settings(c)
            }
        }
        let graph = try RevisionGraph(FixtureHistories.merged.map(\.revision))
        for input in try Self.corpus("targets") {
            #expect(throws: RevisionGraphError.self, "\(input.debugDescription)") { _ = try graph.resolve(input, current: [graph.indexOf("4000dddd0001")!]) }
        }
    }
}
