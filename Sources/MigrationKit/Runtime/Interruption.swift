#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) and SIGTERM as a request to stop between statements, not a kill.
///
/// Once ``install()`` has run, the first signal only sets a flag: the statement under way finishes
/// (or fails and rolls back), the runner stops before the next one, records its progress, releases
/// the lock and reports where the database stands. A second signal ends the process at once.
public enum Interruption {
    /// The flag the handler sets; a `sig_atomic_t` the handler may write safely.
    nonisolated(unsafe) private static let flag: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()
    /// Which signal arrived (for the message and the exit status).
    nonisolated(unsafe) private static let signalNumber: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    /// Installs the handlers for SIGINT and SIGTERM.
    public static func install() {
        _ = flag
        _ = signalNumber
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            if Interruption.flag.pointee != 0 {
                // The second signal: the default action, now.
                Glibc.signal(sig, SIG_DFL)
                raise(sig)
                return
            }
            Interruption.flag.pointee = 1
            Interruption.signalNumber.pointee = sig_atomic_t(sig)
        }
        // Blocking calls inside the client libraries resume rather than fail with EINTR.
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // A parent may have started us with these signals blocked (the mask is inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether a stop was requested.
    public static var requested: Bool { flag.pointee != 0 }

    /// The signal that asked for the stop (SIGINT unless SIGTERM came).
    public static var signal: Int32 { signalNumber.pointee == 0 ? SIGINT : Int32(signalNumber.pointee) }

    /// Throws ``Interrupted`` when a stop was requested.
    public static func check() throws {
        if requested { throw Interrupted(signal: signal) }
    }
}

/// A run stopped on request (Ctrl-C or SIGTERM) between two statements.
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    public var signal: Int32
    public var description: String { "stopped by \(signal == SIGTERM ? "SIGTERM" : "Ctrl-C (SIGINT)") before the next statement" }
}
