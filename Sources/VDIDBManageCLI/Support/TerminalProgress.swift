#if canImport(Glibc)
import Glibc
#endif
import MigrationKit

/// A progress line on a terminal: after a step has run for a second, `  <step> — 4.2 s` is redrawn in
/// place every quarter second, and erased when the step ends or a log line is written. Only when
/// standard error is a terminal: in a pipe or a file nothing of it appears.
final class TerminalProgress: ProgressDisplay, @unchecked Sendable {
    // @unchecked: every mutable field is read and written under `mutex`; the ticker thread and the
    // run's thread share nothing else.
    private var mutex = pthread_mutex_t()
    private var what: String?
    private var started = 0.0
    private var shown = false
    private var running = true

    /// The one progress line of the process, when standard error is a terminal.
    nonisolated(unsafe) static var shared: TerminalProgress?

    static func startIfTerminal() -> TerminalProgress? {
        guard isatty(2) != 0, ProcessEnvironment.all["TERM"] != "dumb" else { return nil }
        if let shared { return shared }
        let p = TerminalProgress()
        shared = p
        p.startTicker()
        return p
    }

    private init() { pthread_mutex_init(&mutex, nil) }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    func begin(_ what: String) {
        locked {
            self.what = what
            started = Clock.now()
        }
    }

    func end() {
        locked {
            what = nil
            eraseLocked()
        }
    }

    /// Erases the line before a log line is written, so the two never mix.
    func clearLine() { locked { eraseLocked() } }

    private func eraseLocked() {
        if shown {
            FileHandleStderr.write("\r\u{1B}[K")
            shown = false
        }
    }

    private func tick() -> Bool {
        locked {
            guard running else { return false }
            if let what {
                let elapsed = Clock.now() - started
                if elapsed >= 1 {
                    FileHandleStderr.write("\r\u{1B}[K  \(what) — \(Clock.format(elapsed)) elapsed")
                    shown = true
                }
            }
            return true
        }
    }

    private func startTicker() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let me = Unmanaged<TerminalProgress>.fromOpaque(raw!).takeRetainedValue()
            while me.tick() { usleep(250_000) }
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }
}
