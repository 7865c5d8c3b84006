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

    /// What each repository has to say: one repository as it is; several with each text line prefixed
    /// by the repository's name, and JSON as an object keyed by it (neutron-db-manage's rule).
    /// `lines` may return multi-line text; every line gets the prefix.
    static func perRepository<T: Encodable>(
        _ contexts: [MigrationContext], format: OutputFormat, _ value: (MigrationContext) throws -> T,
        lines: (MigrationContext, T) throws -> [String]
    ) throws {
        let values = try contexts.map { ($0, try value($0)) }
        switch format {
        case .json:
            if values.count == 1 { try json(values[0].1) } else { try json(Dictionary(uniqueKeysWithValues: values.map { ($0.0.repository.name, $0.1) })) }
        case .text:
            for (context, v) in values {
                let prefix = values.count > 1 ? "\(context.repository.name): " : ""
                for text in try lines(context, v) {
                    for l in text.split(separator: "\n", omittingEmptySubsequences: false) { line(prefix + l) }
                }
            }
        }
    }

    /// Whether a JSON document was written (a failure after it adds none: stdout stays one document).
    nonisolated(unsafe) static var wroteJSON = false

    /// A value as pretty JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws {
        wroteJSON = true
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

/// The one positional revision of upgrade/downgrade: collected with unrecognised input so that
/// Alembic's `downgrade -1` works; anything else starting with `-` is an unknown option.
func validateTarget(_ positional: [String]) throws {
    for p in positional where p.hasPrefix("-") && !(p.count > 1 && p.dropFirst().allSatisfy(\.isNumber)) {
        throw ValidationError("Unknown option '\(p)'")
    }
    if positional.count > 1 {
        throw ValidationError("Unexpected argument '\(positional[1])': give one revision")
    }
}
