import ArgumentParser
import FoundationEssentials
import MigrationKit

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints to standard output.
enum Out {
    static func line(_ text: String) { print(text) }

    /// Writes without adding a newline (for SQL scripts).
    static func raw(_ text: String) { print(text, terminator: "") }

    /// A value as pretty JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }
}

/// `--delta N`: a positive whole number.
func validateDelta(_ delta: Int?) throws {
    if let delta, delta < 1 { throw ValidationError("--delta must be a positive whole number, not \(delta)") }
}
