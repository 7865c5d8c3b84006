import Logging

#if canImport(Glibc)
import Glibc
#endif

/// SQLite's migration lock: an exclusive `flock` on the database file itself, held for the whole run.
///
/// SQLite's own write lock lasts one transaction, but a run commits once per revision, so the run-long
/// lock is a BSD file lock, which SQLite never uses (it uses POSIX byte-range locks), and which the
/// kernel drops when the process dies. Each `FileLock` opens the file itself, so two in one process
/// exclude each other as two processes do. An in-memory database (`path` nil) needs none.
public final class FileLock: MigrationLock, @unchecked Sendable {
    public let path: String?
    /// Seconds to wait for a run that holds it.
    public let timeout: Double
    private var fd: Int32 = -1

    public init(path: String?, timeout: Double) {
        self.path = path
        self.timeout = timeout
    }

    deinit { unlock() }

    public var leasedRow: LeaseLock? { nil }

    public func acquire(on connection: any DatabaseConnection, url: DatabaseURL, logger: Logger, progress: (any ProgressDisplay)?) throws {
        var waited = false
        defer { if waited { progress?.end() } }
        try acquire {
            Self.waiting(for: "another vdi-db-manage run", url: url, timeout: timeout, logger: logger, progress: progress)
            waited = true
        }
    }

    /// Takes the lock, calling `onWait` once if it is busy; throws a lock timeout after `timeout`.
    public func acquire(onWait: () -> Void = {}) throws {
        guard let path, fd < 0 else { return }
        let f = open(path, O_RDONLY | O_CLOEXEC)
        guard f >= 0 else {
            throw DatabaseError(kind: .other, backend: .sqlite, message: "cannot open \(path) to lock it: \(String(cString: strerror(errno)))")
        }
        if flock(f, LOCK_EX | LOCK_NB) == 0 {
            fd = f
            return
        }
        onWait()
        var waited = 0.0
        while waited < timeout {
            usleep(50_000)
            waited += 0.05
            if flock(f, LOCK_EX | LOCK_NB) == 0 {
                fd = f
                return
            }
        }
        close(f)
        throw DatabaseError(
            kind: .lockTimeout, backend: .sqlite,
            message: "lock timeout: another run held the migration lock on \(path) for more than \(timeout) s")
    }

    public func release(on connection: any DatabaseConnection, logger: Logger, warnIfLost: Bool) { unlock() }

    /// Lets the lock go (also when the lock is dropped).
    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }
}
