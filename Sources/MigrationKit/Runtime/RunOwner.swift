#if canImport(Glibc)
import Glibc
#endif

/// Who is running a migration: the machine, the process, an id unique to this run, and (as the
/// database's clock saw it) when it started. Lock rows and ledger rows carry it, so a message can
/// name the run that holds a lock or left a revision unfinished.
public struct RunOwner: Sendable, Equatable, CustomStringConvertible {
    public var runID: String
    public var host: String
    public var pid: Int
    /// Milliseconds since 1970 by the server's clock, when known.
    public var startedMillis: Int64?

    public init(runID: String, host: String, pid: Int, startedMillis: Int64? = nil) {
        self.runID = runID
        self.host = host
        self.pid = pid
        self.startedMillis = startedMillis
    }

    /// This process, with a fresh run id.
    public static func current() -> RunOwner {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(cString: name) : "unknown-host"
        var id = ""
        var g = SystemRandomNumberGenerator()
        for _ in 0..<16 { id += String(UInt8.random(in: 0...15, using: &g), radix: 16) }
        return RunOwner(runID: id, host: String(host.prefix(255)), pid: Int(getpid()))
    }

    public var description: String {
        "host \(host), pid \(pid), run \(runID)" + (startedMillis.map { ", since \(ServerTime.format($0))" } ?? "")
    }
}

/// Times read from the server's clock (milliseconds since 1970), as messages and listings show them.
public enum ServerTime {
    /// `2026-12-01 22:50:01 UTC`.
    public static func format(_ millis: Int64) -> String {
        let (date, time) = split(millis)
        return "\(date) \(time) UTC"
    }

    /// The ISO 8601 form, for JSON: `2026-12-01T22:50:01Z`.
    public static func iso(_ millis: Int64) -> String {
        let (date, time) = split(millis)
        return "\(date)T\(time)Z"
    }

    private static func split(_ millis: Int64) -> (String, String) {
        var t = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return ("\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))",
                "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))")
    }
}
