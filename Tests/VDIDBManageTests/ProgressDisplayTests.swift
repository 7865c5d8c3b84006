import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// A long step shows its progress on a terminal and nothing in a pipe.
@Suite("CLI: progress on a terminal")
struct ProgressDisplayTests {
    @Test("a revision running for seconds redraws '— N s elapsed' on a pseudo-terminal, and not in a pipe",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux for a pseudo-terminal"))
    func terminalOnly() throws {
        let dir = try TempDir()
        let url = "sqlite:///\(dir.path)/p.db"
        #expect(try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
        let command = "\(CLI.fixtureBinary) --database-connection \(url) upgrade head"
        let tty = try CLI.program("/usr/bin/script", ["-qec", command, "/dev/null"],
                                  environment: ["VDI_FIXTURE_HISTORY": "slow", "VDI_FIXTURE_PAUSE": "0.8", "TERM": "xterm"])
        #expect(tty.status == 0, "\(tty)")
        #expect(tty.stdout.contains("5105105105f1, slow work — 1.") && tty.stdout.contains("s elapsed"), "\(tty.stdout)")
        #expect(tty.stdout.contains("\u{1B}[K  done in"), "the line is erased before the next log line")

        #expect(try CLI.fixtures("slow", ["--database-connection", url, "downgrade", "a1b2c3d4e5f6"]).status == 0)
        let piped = try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "head"], environment: ["VDI_FIXTURE_PAUSE": "0.8"])
        #expect(piped.status == 0, "\(piped)")
        #expect(!piped.output.contains("elapsed") && !piped.output.contains("\u{1B}"), "\(piped)")
    }
}
