import ArgumentParser
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// Turns any error into one line on stderr and an exit status: 0 for help and version,
/// 2 for usage and configuration errors, 130 (143, 129) for a run stopped by Ctrl-C (SIGTERM, SIGHUP), 1 for
/// everything else. The only place exit codes are decided.
enum ErrorReporter {
    static func report(_ error: any Error, command: VDIDBManageCommand.Type) -> Int32 {
        switch error {
        case let e as MigrationError:
            // Stopped by a signal: the shell's convention, 128 + the signal number (130 for Ctrl-C).
            if case .stopped(let signal, _, _) = e { return fail(e.description, 128 + signal) }
            return fail(e.description, 1)
        case let e as ConfigError: return fail(e.description, 2)
        case let e as DatabaseURLError: return fail(e.description, 2)
        case let e as UsageError: return fail(e.description, 2)
        case let e as DatabaseError: return fail(e.description, 1)
        case let e as CustomStringConvertible where !(error is ParsableArgumentsError):
            return fail(e.description, 1)
        default:
            // Errors from the argument parser: help and version are clean exits printed in full;
            // anything else is a usage error, reported as its one-line message.
            let status = command.exitCode(for: error)
            if status == .success {
                print(command.fullMessage(for: error))
                return 0
            }
            let message = command.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
            return fail(message + " (see 'vdi-db-manage --help')", 2)
        }
    }

    private static func fail(_ message: String, _ status: Int32) -> Int32 {
        var line = message.replacingNewlines().shortenedForMessage()
        if line.hasPrefix("Error: ") { line.removeFirst(7) }
        FileHandleStderr.write("vdi-db-manage: error: \(line)\n")
        if jsonRequested && !Out.wroteJSON {
            // A script that asked for JSON gets JSON on stdout for a failure too: {"error": …, "exit_status": …}.
            struct Failure: Encodable { var error: String; var exit_status: Int32 }
            // Deliberate `try?`: a failure to print the JSON must not hide the error line already written.
            try? Out.json(Failure(error: Secrets.scrub(line), exit_status: status))
        }
        return status
    }

    /// Whether the command line asked for `--format json`.
    static var jsonRequested: Bool {
        let args = CommandLine.arguments.dropFirst()
        return zip(args, args.dropFirst()).contains { $0 == "--format" && $1 == "json" } || args.contains("--format=json")
    }
}

/// A usage error detected after parsing (a bad combination of arguments, say).
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Argument-parser's own error types conform to this marker through `ParsableArgumentsError`.
typealias ParsableArgumentsError = ArgumentParser.ValidationError

extension String {
    func replacingNewlines() -> String {
        String(self.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
