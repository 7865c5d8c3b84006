/// A revision written as SQL files instead of Swift: `upgrade.sql` and `downgrade.sql`, optionally with
/// per-dialect variants beside them (`upgrade.postgresql.sql`, `upgrade.mysql.sql`, `upgrade.sqlite.sql`)
/// that take precedence for that database.
///
/// The files live in a directory of their own under `Versions/`; the build embeds them (the EmbedSQL
/// plugin), and a small Swift declaration (written by `revision --sql-files`) puts the revision in the
/// graph:
///
/// ```swift
/// struct Revision_1a2b3c4d5e6f: SQLFileScript {
///     static let id = "1a2b3c4d5e6f"
///     static let parents: [String] = ["0f9e8d7c6b5a"]
///     static let message = "add pool quota"
///     static var sqlFiles: [String: String] { EmbeddedSQL.files(in: "Versions/1a2b3c4d5e6f_add_pool_quota") }
/// }
/// ```
public protocol SQLFileScript: MigrationScript {
    /// File name → contents, for this revision's directory.
    static var sqlFiles: [String: String] { get }
}

extension SQLFileScript {
    public func upgrade(_ op: Operations) throws { try op.runSQLFile(Self.sqlFiles, "upgrade") }
    public func downgrade(_ op: Operations) throws { try op.runSQLFile(Self.sqlFiles, "downgrade") }

    public static func validate(for dialect: any Dialect, direction: MigrationStep.Direction) throws {
        let step = direction.rawValue
        if sqlFiles["\(step).\(dialect.name).sql"] == nil && sqlFiles["\(step).sql"] == nil {
            throw MigrationError.missingSQLFile(step: step, dialect: dialect.name, available: sqlFiles.keys.sorted())
        }
    }
}

extension Operations {
    /// Runs `<step>.<dialect>.sql` if there is one, else `<step>.sql`, statement by statement.
    ///
    /// - Throws: ``DialectError/noSQL(dialect:)`` when neither exists; nothing has run then.
    public func runSQLFile(_ files: [String: String], _ step: String) throws {
        guard let text = files["\(step).\(dialect.name).sql"] ?? files["\(step).sql"] else {
            throw MigrationError.missingSQLFile(step: step, dialect: dialect.name, available: files.keys.sorted())
        }
        for statement in SQLStatementSplitter.split(text, backslashEscapes: dialect.backslashEscapesInStrings) {
            try execute(statement)
        }
    }
}
