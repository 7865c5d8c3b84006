import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// A released part of a history, frozen into a Swift module of its own.
///
/// Revisions are compiled in, and a module is compiled as a whole in release builds: one module holding
/// every revision ever written recompiles all of them for each new one. `freeze_release NAME` moves the
/// release in development (`Sources/Migrations/Versions/`) into `Sources/MigrationsReleases/NAME/`, which
/// `Package.swift` builds as the module `Migrations_NAME` (the command adds its line there); the history's own module keeps only what is
/// written after it, so a new revision recompiles that small module and relinks.
public struct MigrationRelease: Sendable {
    /// The release's name as its folder spells it (`Kilo`).
    public let name: String
    /// The folder holding its `Registry.swift` and `Versions/`, relative to the project root.
    public let sourceDirectory: String
    public let revisions: [Revision]

    public init(name: String, sourceDirectory: String, scripts: [any MigrationScript.Type]) {
        self.name = name
        self.sourceDirectory = sourceDirectory
        self.revisions = scripts.map { $0.revision }
    }
}

extension ScriptWriter {
    public static let releaseImportsBegin = "// release imports: begin"
    public static let releaseImportsEnd = "// release imports: end"
    public static let releasesBegin = "// releases: begin"
    public static let releasesEnd = "// releases: end"
    public static let packageReleasesBegin = "// frozen releases: begin"
    public static let packageReleasesEnd = "// frozen releases: end"

    /// The package manifest that declares the release modules: `Package.swift` two levels above the
    /// history's folder (`<root>/Sources/Migrations`).
    public var packageManifestPath: String {
        var base = directory
        while base.hasSuffix("/") { base.removeLast() }
        let parts = base.split(separator: "/", omittingEmptySubsequences: false)
        let root = parts.dropLast(2).joined(separator: "/")
        return (root.isEmpty ? (base.hasPrefix("/") ? "" : ".") : root) + "/Package.swift"
    }

    /// The history's module name (the folder's name: `Migrations`).
    var historyModule: String {
        var base = directory
        while base.hasSuffix("/") { base.removeLast() }
        return String(base.split(separator: "/").last ?? "Migrations")
    }

    /// Where release `name` of this history is frozen: `Sources/Migrations` → `Sources/MigrationsReleases/<name>`.
    public func releaseDirectory(_ name: String) -> String {
        var base = directory
        while base.hasSuffix("/") { base.removeLast() }
        return base + "Releases/" + name
    }

    /// The module a frozen release compiles to: `Migrations_<name>` (what `Package.swift` declares).
    public func releaseModule(_ name: String) -> String { historyModule + "_" + name }

    /// The lines between `begin` and `end` in `text`, trimmed; nil when the markers are missing.
    static func linesBetween(_ begin: String, _ end: String, in text: String) -> (lines: [String], begin: Int, end: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let b = lines.firstIndex(where: { $0.trimmingWhitespace() == begin }),
            let e = lines[b...].firstIndex(where: { $0.trimmingWhitespace() == end })
        else { return nil }
        return (lines[(b + 1)..<e].map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }, b, e)
    }

    /// Moves the release in development into a module of its own (see `MigrationRelease`) and empties
    /// this registry's list. Everything is checked before the first file moves; a failure while moving
    /// puts the files back. Returns the release's folder.
    public func freezeRelease(_ name: String, historyName: String) throws -> String {
        guard let first = name.first, first.isASCII, first.isLetter, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ScriptWriterError("release name '\(name)' must be a letter followed by letters and digits (it names a Swift module)")
        }
        let fm = FileManager.default
        guard let registry = FileSystem.text(registryPath) else {
            throw ScriptWriterError("cannot find \(registryPath): run from the project root, or set [migrations] source_dir")
        }
        guard let listed = Self.linesBetween(Self.beginMarker, Self.endMarker, in: registry) else {
            throw ScriptWriterError("\(registryPath) lacks the '\(Self.beginMarker)' / '\(Self.endMarker)' lines")
        }
        guard Self.linesBetween(Self.releaseImportsBegin, Self.releaseImportsEnd, in: registry) != nil,
            Self.linesBetween(Self.releasesBegin, Self.releasesEnd, in: registry) != nil
        else {
            throw ScriptWriterError("\(registryPath) lacks the '\(Self.releaseImportsBegin)' / '\(Self.releaseImportsEnd)' and '\(Self.releasesBegin)' / '\(Self.releasesEnd)' lines that list frozen releases")
        }
        let manifestPath = packageManifestPath
        guard let manifest = FileSystem.text(manifestPath),
            Self.linesBetween(Self.packageReleasesBegin, Self.packageReleasesEnd, in: manifest) != nil
        else {
            throw ScriptWriterError("\(manifestPath) lacks the '\(Self.packageReleasesBegin)' / '\(Self.packageReleasesEnd)' lines that declare frozen release modules")
        }
        let target = releaseDirectory(name)
        guard !fm.fileExists(atPath: target) else { throw ScriptWriterError("\(target) already exists: release '\(name)' is frozen already") }
        let scripts = try scannedScripts()
        guard !scripts.isEmpty else { throw ScriptWriterError("\(versionsDirectory) holds no revisions: nothing to freeze") }
        // The registry and the files must agree, or the frozen module would miss a revision or name a missing one.
        let registered = Set(listed.lines.map { $0.hasSuffix(".self,") ? String($0.dropLast(6)) : $0 })
        let onDisk = Set(scripts.map { Self.typeName(for: $0.id) })
        let unlisted = onDisk.subtracting(registered).sorted(), missing = registered.subtracting(onDisk).sorted()
        guard unlisted.isEmpty && missing.isEmpty else {
            throw ScriptWriterError("\(registryPath) and \(versionsDirectory) disagree (not registered: \(unlisted.joined(separator: ", ")); no file: \(missing.joined(separator: ", "))); run check_migration and fix that first")
        }

        let module = releaseModule(name)
        let partial = releaseDirectory("." + name + ".partial")
        let entries = (try fm.contentsOfDirectory(atPath: versionsDirectory)).sorted()
        var moved: [String] = []
        func putBack() {
            for e in moved.reversed() { _ = rename(partial + "/Versions/" + e, versionsDirectory + "/" + e) }
            try? fm.removeItem(atPath: partial)
        }
        do {
            try fm.createDirectory(atPath: partial + "/Versions", withIntermediateDirectories: true)
            for e in entries {
                guard rename(versionsDirectory + "/" + e, partial + "/Versions/" + e) == 0 else {
                    throw ScriptWriterError("cannot move \(versionsDirectory)/\(e) to \(partial)/Versions/: \(String(cString: strerror(errno)))")
                }
                moved.append(e)
            }
            let text = """
                import MigrationKit

                /// Release \(name) of the \(historyName) history, frozen by `freeze_release`: a module of its own,
                /// which a new revision does not recompile. Released revisions are not edited.
                public enum \(module) {
                    public static let release = MigrationRelease(name: \(Self.swiftString(name)), sourceDirectory: \(Self.swiftString(target)), scripts: scripts)

                    static let scripts: [any MigrationScript.Type] = [
                        \(Self.beginMarker)
                \(listed.lines.map { "        " + $0 }.joined(separator: "\n"))
                        \(Self.endMarker)
                    ]
                }

                """
            try Data(text.utf8).write(to: URL(fileURLWithPath: partial + "/Registry.swift"))
            guard rename(partial, target) == 0 else {
                throw ScriptWriterError("cannot rename \(partial) to \(target): \(String(cString: strerror(errno)))")
            }
        } catch {
            putBack()
            throw error
        }
        // The history's registry: an empty list, the release imported and listed.
        var lines = registry.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func insert(before end: String, _ line: String) {
            guard let e = lines.firstIndex(where: { $0.trimmingWhitespace() == end }) else { return }
            lines.insert(String(lines[e].prefix(while: { $0 == " " })) + line, at: e)
        }
        if let l = Self.linesBetween(Self.beginMarker, Self.endMarker, in: lines.joined(separator: "\n")) {
            lines.removeSubrange((l.begin + 1)..<l.end)
        }
        insert(before: Self.releaseImportsEnd, "import \(module)")
        insert(before: Self.releasesEnd, "\(module).release,")
        // The manifest first: a registry importing a module the package does not declare cannot build.
        var manifestLines = manifest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let e = manifestLines.firstIndex(where: { $0.trimmingWhitespace() == Self.packageReleasesEnd }) {
            manifestLines.insert(String(manifestLines[e].prefix(while: { $0 == " " })) + "(\(Self.swiftString(historyModule)), \(Self.swiftString(name))),", at: e)
        }
        try Data(manifestLines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: manifestPath + ".tmp"))
        guard rename(manifestPath + ".tmp", manifestPath) == 0 else { throw ScriptWriterError("cannot replace \(manifestPath)") }
        try replaceRegistry(with: lines.joined(separator: "\n"))
        return target
    }
}

extension MigrationContext {
    /// `freeze_release NAME`: see `MigrationRelease`.
    public func freezeRelease(_ name: String) throws -> String {
        let path = try scriptWriter.freezeRelease(name, historyName: repository.name)
        logger.info("Froze release \(name) into \(path): rebuild, and new revisions go on in \(scriptWriter.versionsDirectory)")
        return path
    }
}
