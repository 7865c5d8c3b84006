/// Taking over a database that sqlalchemy-migrate managed (nova, glance, cinder and keystone were,
/// before Alembic): its `migrate_version` table (`repository_id`, `repository_path`, `version`) says
/// which version it is at, and the repository's `migrateVersions` say which revision that is. The
/// table is read, never changed.
public struct MigrateVersion: Sendable, Equatable, Codable {
    public var repositoryID: String
    public var version: Int
    /// The revision the version number is, when the history knows it.
    public var revision: String?

    enum CodingKeys: String, CodingKey {
        case version, revision
        case repositoryID = "repository_id"
    }
}

/// Why a sqlalchemy-migrate database cannot be adopted.
public struct MigrateTakeoverError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension MigrationContext {
    /// The sqlalchemy-migrate version recorded in the database, if it has a `migrate_version` table.
    public func migrateVersion() throws -> MigrateVersion? {
        try withDatabase(lock: false) { session in try readMigrateVersion(session) }
    }

    func readMigrateVersion(_ session: DatabaseSession) throws -> MigrateVersion? {
        let (exists, params) = session.dialect.tableExistsQuery("migrate_version")
        guard try !session.connection.query(exists, params).isEmpty else { return nil }
        guard let row = try session.connection.query("SELECT repository_id, version FROM migrate_version").first,
            let version = row[1].intValue
        else { return nil }
        return MigrateVersion(repositoryID: row[0].stringValue ?? "", version: Int(version), revision: repository.migrateVersions[Int(version)])
    }

    /// `stamp --from-migrate`: records the revision the database's sqlalchemy-migrate version is, leaving
    /// `migrate_version` as it is. With `dryRun` it only says what it would record.
    @discardableResult
    public func stampFromMigrate(dryRun: Bool = false) throws -> (MigrateVersion, MigrationResult?) {
        guard let found = try migrateVersion() else {
            throw MigrateTakeoverError(description: "the database has no migrate_version table: it was not managed by sqlalchemy-migrate")
        }
        guard let revision = found.revision else {
            let known = repository.migrateVersions.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
            throw MigrateTakeoverError(description: "migrate_version says version \(found.version), which the '\(repository.name)' history cannot adopt "
                + "(it knows \(known.isEmpty ? "no sqlalchemy-migrate versions" : known)); upgrade it with the release that still used sqlalchemy-migrate first")
        }
        let tracked = try withDatabase(lock: false) { try $0.versionTable.exists(on: $0.connection) && !(try $0.versionTable.read(from: $0.connection)).isEmpty }
        if tracked {
            throw MigrateTakeoverError(description: "the database already has a \(versionTableName) table with a revision; 'current' shows it")
        }
        if dryRun {
            logger.info("migrate_version \(found.version) (\(found.repositoryID)) is revision \(revision): 'stamp --from-migrate' would record it; nothing was changed")
            return (found, nil)
        }
        logger.info("migrate_version \(found.version) (\(found.repositoryID)) is revision \(revision); migrate_version is left as it is")
        return (found, try stamp(revision))
    }

    /// `version_control [REV]` (sqlalchemy-migrate's): puts a database that is not under version
    /// control yet under it: a database sqlalchemy-migrate managed at the revision its migrate_version
    /// is, else at REV (default base). A database this history already tracks is refused, as
    /// sqlalchemy-migrate refuses it (`DatabaseAlreadyControlledError`): recording base there would
    /// make the next upgrade create what exists.
    public func versionControl(_ revision: String? = nil) throws {
        let tracked = try withDatabase(lock: false, create: true, writes: true) { session -> [String]? in
            guard try session.versionTable.exists(on: session.connection) else { return nil }
            return try session.versionTable.read(from: session.connection)
        }
        if let tracked, !tracked.isEmpty {
            throw MigrateTakeoverError(description: "the database is already under version control (\(versionTableName) says \(tracked.joined(separator: ", "))); "
                + "'stamp REV' records another revision, 'stamp --purge REV' whatever the table holds")
        }
        if revision == nil, !repository.migrateVersions.isEmpty, try migrateVersion() != nil {
            _ = try stampFromMigrate()
        } else {
            try stamp(revision ?? "base")
        }
    }
}
