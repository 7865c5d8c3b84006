import Foundation
import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Offline output is exactly what the online run executes: every statement that changes the database
/// goes through the sink, `stamp` included. The online statements are read from the connection sink's
/// debug log; the offline ones from the script.
@Suite("Online and --sql run the same statements")
struct OnlineOfflineParityTests {
    /// Keeps the debug messages (the statements a connection sink executes).
    final class Recorder: LogHandler, @unchecked Sendable {
        // @unchecked: one test uses it at a time, from one thread (a run is synchronous).
        var statements: [String] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            if level == .debug { statements.append(Self.normalize(message.description)) }
        }
        static func normalize(_ sql: String) -> String {
            var s = Substring(sql)
            while let last = s.last, last.isWhitespace || last == ";" { s = s.dropLast() }
            while let first = s.first, first.isWhitespace { s = s.dropFirst() }
            return String(s)
        }
    }

    func context(_ db: TestDatabase, _ recorder: Recorder? = nil) -> MigrationContext {
        var settings = Settings()
        settings.url = db.url
        var logger = recorder.map { r in Logger(label: "parity") { _ in r } } ?? Logger(label: "parity")
        logger.logLevel = recorder == nil ? .critical : .debug
        return MigrationContext(repository: FixtureHistories.repository(FixtureHistories.linear), settings: settings, connector: NativeConnector(), logger: logger)
    }

    /// The statements of a script, without its comments.
    func statements(_ script: String) -> [String] {
        script.components(separatedBy: ";\n\n").compactMap { chunk in
            let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("--") || $0.trimmingCharacters(in: .whitespaces).isEmpty }
            let text = Recorder.normalize(lines.joined(separator: "\n"))
            return text.isEmpty ? nil : text
        }
    }

    static func notLedger(_ sql: String) -> Bool { !sql.contains("alembic_version_ledger") }

    /// What only an online run sends, taken out: the ledger, the lock's fence (its row is written with
    /// what commits) and the transaction a fenced progress record then needs. A script has no lock.
    static func onlineOnlyRemoved(_ statements: [String]) -> [String] {
        let kept = statements.filter { notLedger($0) && !$0.contains("alembic_version_lock") }
        var out: [String] = []
        var i = 0
        while i < kept.count {
            if kept[i] == "START TRANSACTION", i + 2 < kept.count, kept[i + 2] == "COMMIT", kept[i + 1].contains("alembic_version_progress") {
                out.append(kept[i + 1])
                i += 3
                continue
            }
            out.append(kept[i])
            i += 1
        }
        return out
    }

    @Test("upgrade, downgrade and stamp", arguments: Backend.allCases)
    func parity(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            var script = ""
            let offline = context(db)

            let up = Recorder()
            try context(db, up).upgrade(to: "head")
            try offline.upgrade(to: "head", mode: .offline(write: { script += $0 }))
            // The run ledger is written online only (a --sql script stays Alembic's).
            #expect(Self.onlineOnlyRemoved(up.statements) == statements(script), "upgrade head")
            #expect(!up.statements.isEmpty)

            let down = Recorder()
            script = ""
            try context(db, down).downgrade(to: "base")
            try offline.downgrade(to: "head:base", mode: .offline(write: { script += $0 }))
            #expect(Self.onlineOnlyRemoved(down.statements) == statements(script), "downgrade base")

            // stamp on a database without a version table, as the script assumes.
            let c = try db.connect()
            try c.execute("DROP TABLE \(dialect(for: backend).quote("alembic_version"))")
            c.close()
            let stamp = Recorder()
            script = ""
            try context(db, stamp).stamp("juno")
            try offline.stamp("juno", mode: .offline(write: { script += $0 }))
            #expect(stamp.statements == statements(script), "stamp juno")
            #expect(stamp.statements.contains { $0.contains("INSERT INTO") })
        }
    }
}
