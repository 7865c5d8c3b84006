#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal or SSH session closed) as a request to stop
/// between statements, not a kill.
///
/// Once ``install()`` has run, the first signal only sets a flag: the statement under way finishes
/// (or fails and rolls back), the runner stops before the next one, records its progress, releases
/// the lock and reports where the database stands. A second signal ends the process at once.
///
/// SIGPIPE is ignored, as Python (and so Alembic) ignores it: output to a reader that went away
/// (`upgrade head | head -1`) fails with EPIPE and is lost, and the run goes on to its end instead of
/// being killed in the middle of a statement.
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

    /// The signals that ask for a stop.
    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers for SIGINT, SIGTERM and SIGHUP, and ignores SIGPIPE.
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
        for sig in stopSignals {
            // A signal ignored on entry stays ignored, as Python leaves it: nohup ignores SIGHUP so the
            // run outlives the terminal, and a shell script's background job ignores SIGINT.
            if isIgnored(sig) { continue }
            sigaction(sig, &action, nil)
        }
        Glibc.signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with these signals blocked (the mask is inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in stopSignals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether `sig` is ignored now (as nohup leaves SIGHUP).
    private static func isIgnored(_ sig: Int32) -> Bool {
        var current = sigaction()
        sigaction(sig, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Whether a stop was requested.
    public static var requested: Bool { flag.pointee != 0 }

    /// The signal that asked for the stop (SIGINT unless another came).
    public static var signal: Int32 { signalNumber.pointee == 0 ? SIGINT : Int32(signalNumber.pointee) }

    /// Throws ``Interrupted`` when a stop was requested.
    public static func check() throws {
        if requested { throw Interrupted(signal: signal) }
    }
}

/// A run stopped on request (Ctrl-C, SIGTERM or SIGHUP) between two statements.
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    public var signal: Int32
    public var description: String { "stopped by \(Interrupted.name(signal)) before the next statement" }

    /// How a stop signal is named in messages.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP (the terminal closed)"
        default: "Ctrl-C (SIGINT)"
        }
    }
}
