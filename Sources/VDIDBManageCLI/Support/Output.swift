import Logging
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard error without buffering surprises.
enum FileHandleStderr {
    static func write(_ text: String) {
        var bytes = Array(Secrets.scrub(text).utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// The process environment as a dictionary.
enum ProcessEnvironment {
    static var all: [String: String] {
        var result: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                result[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return result
    }
}

/// Prints log messages to stderr: info as plain lines, others with their level in front.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        TerminalProgress.shared?.clearLine()
        let prefix: String =
            switch event.level {
            case .info, .notice: ""
            case .warning: "WARNING: "
            case .error, .critical: "ERROR: "
            case .debug, .trace: "DEBUG: "
            }
        // SQL at --debug is shown whole; every other message quotes long values shortened.
        let text = event.level <= .debug ? "\(event.message)" : "\(event.message)".shortenedForMessage()
        FileHandleStderr.write(prefix + text + "\n")
    }
}

/// The tool's version, shown by `--version`.
enum VDIDBManageVersion {
    static let string = "0.1.0"
}
