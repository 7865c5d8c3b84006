import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// `history --graph` and `--format dot` on a history with two branches, a dependency and a merge.
@Suite("CLI: the history drawn")
struct HistoryGraphTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    @Test("the drawing and the dot graph match their golden files; the database's position is marked")
    func drawing() throws {
        let dir = try TempDir()
        let url = "sqlite:///\(dir.path)/g.db"
        #expect(try CLI.fixtures("merged", ["--database-connection", url, "upgrade", "3000cccc0002"]).status == 0)
        let graph = try CLI.fixtures("merged", ["--database-connection", url, "history", "--graph", "-i"])
        #expect(graph.status == 0, "\(graph)")
        #expect(graph.stdout == (try String(contentsOfFile: Self.golden + "/merged-history-graph.txt", encoding: .utf8)), "\(graph.stdout)")
        #expect(graph.stdout.contains("| * 3000cccc0002 (current) beta uses alpha"))
        let dot = try CLI.fixtures("merged", ["--database-connection", url, "history", "--format", "dot"])
        #expect(dot.stdout == (try String(contentsOfFile: Self.golden + "/merged-history.dot", encoding: .utf8)))
        #expect(dot.stdout.contains("\"2000bbbb0001\" -> \"3000cccc0002\" [style=dashed];"))
        // The drawing needs no database unless asked to mark the position.
        #expect(try CLI.fixtures("merged", ["--database-connection", "sqlite:////nonexistent/x.db", "history", "--graph"]).status == 0)
    }
}
