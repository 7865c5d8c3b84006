import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// Several processes upgrading one database at the same moment: the lock lets exactly one migrate,
/// the others wait, re-read the version and find nothing left to do.
@Suite("CLI: concurrent runs")
struct ConcurrencyTests {
    @Test("8 processes run 'upgrade head' at once; every revision runs exactly once", arguments: Backend.allCases)
    func eightAtOnce(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let n = 8
            nonisolated(unsafe) var results = [CLI.Result?](repeating: nil, count: n)
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: n) { i in
                let r = try? CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"], timeout: 120)
                lock.lock()
                results[i] = r
                lock.unlock()
            }
            for r in results {
                #expect(r?.status == 0, "\(r.map(\.description) ?? "did not finish")")
            }
            let c = try db.connect()
            defer { c.close() }
            let runs = try c.query("SELECT revision, count(*) FROM fx_runs GROUP BY revision ORDER BY revision")
            #expect(runs.map { $0[0].stringValue! } == ["a1b2c3d4e5f6", "b2c3d4e5f6a7", "c3d4e5f6a7b8", "d4e5f6a7b8c9", "e5f6a7b8c9d0"])
            #expect(runs.allSatisfy { $0[1] == .integer(1) }, "\(runs)")
            #expect(try c.query("SELECT version_num FROM alembic_version").map { $0[0] } == [.text("e5f6a7b8c9d0")])
            // Exactly one process did the work; the rest found nothing to do.
            let workers = results.compactMap { $0 }.filter { $0.stderr.contains("Running upgrade") }
            #expect(workers.count == 1)
            #expect(results.compactMap { $0 }.filter { $0.stderr.contains("Nothing to upgrade") }.count == n - 1)
        }
    }
}
