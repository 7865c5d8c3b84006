#if canImport(Glibc)
import Glibc
#endif

/// A pause at a statement boundary, for the fault-injection tests: `VDI_DB_MANAGE_FAILPOINT=before:N`
/// (or `after:N`) stops the process with SIGSTOP just before (after) the run's Nth statement boundary,
/// as a frozen VM or a long stall would, and a test continues it with SIGCONT whenever it likes;
/// `VDI_DB_MANAGE_FAILPOINT=list` only prints each boundary. A boundary is a revision's statement
/// (DDL or data), or a revision's end (its version-table write and commit). Without the variable
/// nothing happens.
public enum Failpoint {
    enum Spec: Equatable {
        case before(Int), after(Int), list
    }

    static let spec: Spec? = {
        guard let raw = getenv("VDI_DB_MANAGE_FAILPOINT").map({ String(cString: $0) }), !raw.isEmpty else { return nil }
        if raw == "list" { return .list }
        let parts = raw.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]) else { return nil }
        switch parts[0] {
        case "before": return .before(n)
        case "after": return .after(n)
        default: return nil
        }
    }()

    nonisolated(unsafe) private static var count = 0

    /// Before a boundary: `kind` is "ddl", "data" or "end"; `sql` its statement.
    static func before(_ kind: String, _ sql: String) {
        guard let spec else { return }
        count += 1
        if spec == .list {
            let text = String(sql.prefix(80).map { $0 == "\n" ? " " : $0 })
            say("failpoint \(count) \(kind): \(text)\n")
        } else if spec == .before(count) {
            pause("before", kind)
        }
    }

    /// After the boundary `before` last counted.
    static func after(_ kind: String) {
        if let spec, spec == .after(count) { pause("after", kind) }
    }

    private static func say(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
    }

    private static func pause(_ when: String, _ kind: String) {
        say("failpoint: pausing \(when) boundary \(count) (\(kind))\n")
        raise(SIGSTOP)
    }
}
