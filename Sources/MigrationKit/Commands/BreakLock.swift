#if canImport(Glibc)
import Glibc
#endif

/// What `break_lock` found and did.
public enum BreakLockOutcome: Sendable {
    /// No run holds the lock.
    case notHeld
    /// The holder's row was deleted.
    case broken(LockHolder, why: String)
}

/// Why `break_lock` may clear a lock, or refuses to.
public enum BreakLockJudgement: Sendable {
    case expired, dead, wedged, forced
    /// Its lease is alive and its process may be: refused without --force.
    case live

    public var reason: String {
        switch self {
        case .expired: "its lease has expired"
        case .dead: "its process is not running on this host"
        case .wedged: "its lease ends further ahead than any run renews one (a clock gone wrong or a hand edit)"
        case .forced: "--force was given"
        case .live: "its lease is alive"
        }
    }
}

extension MigrationContext {
    /// `break_lock`: clears the migration lock of a run whose lease has expired, whose process is known
    /// dead (same host, no such pid) or whose lease is wedged; a live lease only with `force`.
    /// `confirm` is asked (with the holder and why it may go) before anything is deleted; the row is
    /// deleted only if it is still the one judged (same run, same expiry), so a holder that renewed
    /// meanwhile keeps it. On SQLite the lock is a file lock, which ends with its process: there is
    /// nothing to break, and a held one is reported.
    public func breakLock(force: Bool, confirm: (LockHolder, BreakLockJudgement) throws -> Bool) throws -> BreakLockOutcome {
        // It writes (the DELETE): on a standby, refused before judging a holder from a copy.
        try withDatabase(lock: false, writes: true) { session in
            guard session.dialect.leasedLock else {
                let file = FileLock(path: session.url.isInMemorySQLite ? nil : session.url.database, timeout: 0)
                var busy: String?
                do {
                    try file.acquire { busy = "another process" }
                    file.unlock()
                    return .notHeld
                } catch {
                    throw MigrationError.lockNotBreakable("\(session.dialect.backend)'s migration lock is a file lock held by a running process (\(busy ?? "\(error)")); "
                        + "it ends with that process, and nothing else may clear it")
                }
            }
            let table = session.versionTable.name + "_lock"
            guard let holder = try LeaseLock.holder(in: session.connection, table: table, dialect: session.dialect) else { return .notHeld }
            let judgement = Self.judge(holder, force: force)
            if case .live = judgement {
                throw MigrationError.lockNotBreakable("the migration lock is held by a live run (\(holder.owner)\(holder.activity.map { ", applying \($0)" } ?? "")); "
                    + "its \(holder.leaseText). Wait for it, or give --force if you know that run is gone")
            }
            guard try confirm(holder, judgement) else { throw MigrationError.lockNotBreakable("not confirmed: the lock was left as it is") }
            let d = session.dialect, q = d.quote(table)
            var sql = "DELETE FROM \(q) WHERE name = 'migrations' AND run_id = \(d.stringLiteral(holder.owner.runID))"
            if case .forced = judgement {} else { sql += " AND expires_ms = \(holder.expiresMillis)" }
            try session.connection.execute(sql)
            if let now = try LeaseLock.holder(in: session.connection, table: table, dialect: d), now.owner.runID == holder.owner.runID {
                throw MigrationError.lockNotBreakable("the holder renewed its lease meanwhile (\(now.leaseText)): it is alive, and the lock was left to it")
            }
            logger.warning("Broke the migration lock of \(holder.owner) (\(judgement.reason))")
            return .broken(holder, why: judgement.reason)
        }
    }

    static func judge(_ holder: LockHolder, force: Bool) -> BreakLockJudgement {
        if holder.remainingMillis < 0 { return .expired }
        if holder.wedged { return .wedged }
        if holder.owner.host == RunOwner.current().host, holder.owner.pid > 0, kill(pid_t(holder.owner.pid), 0) != 0, errno == ESRCH { return .dead }
        return force ? .forced : .live
    }
}
