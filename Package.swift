// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Frozen releases of each revision history, oldest first: release R of history H is the module `H_R`
/// in `Sources/HReleases/R` (written by `vdi-db-manage freeze_release`, which adds its line here). The
/// history's own module holds only the release in development, so a new revision recompiles that
/// small module and relinks, not every revision ever written.
let frozenReleases: [(history: String, release: String)] = [
    // frozen releases: begin
    ("Migrations", "Icehouse"),
    ("Migrations", "Juno"),
    ("Migrations", "Kilo"),
    ("Migrations", "Liberty"),
    ("Migrations", "Mitaka"),
    // frozen releases: end
]
func releaseModules(of history: String) -> [Target.Dependency] {
    frozenReleases.filter { $0.history == history }.map { .target(name: "\($0.history)_\($0.release)") }
}
/// A frozen release gets the EmbedSQL plugin only if it has plain-SQL revisions: SwiftPM runs a build
/// plugin for each of its targets while planning every build (about a tenth of a second each).
func hasSQLFiles(_ path: String) -> Bool {
    FileManager.default.enumerator(atPath: Context.packageDirectory + "/" + path)?.contains { ($0 as? String)?.hasSuffix(".sql") == true } ?? false
}
let releaseTargets: [Target] = frozenReleases.map {
    let path = "Sources/\($0.history)Releases/\($0.release)"
    return .target(name: "\($0.history)_\($0.release)", dependencies: ["MigrationKit"], path: path, plugins: hasSQLFiles(path) ? ["EmbedSQL"] : [])
}

let package = Package(
    name: "vdi-db-manage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vdi-db-manage", targets: ["VDIDBManage"]),
        .library(name: "MigrationKit", targets: ["MigrationKit"]),
        .library(name: "MigrationKitDrivers", targets: ["MigrationKitDrivers"]),
    ],
    dependencies: [
        // Pinned: the versions this release is built and tested with (Swift 6.3.1).
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // Headers only: libpq and the MariaDB connector are loaded with dlopen on first use, so the
        // binary starts without them (a SQLite-only operator needs neither).
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMariaDB", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "MigrationKit",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "MigrationKitDrivers",
            dependencies: ["MigrationKit", "CLibPQ", "CMariaDB", "CSQLite3"]
        ),
        .target(name: "VDIModels", dependencies: ["MigrationKit"]),
        // Revision histories; the EmbedSQL plugin compiles their plain-SQL revisions in.
        .target(name: "Migrations", dependencies: ["MigrationKit"] + releaseModules(of: "Migrations"), plugins: ["EmbedSQL"]),
        .target(name: "AccountingMigrations", dependencies: ["MigrationKit"] + releaseModules(of: "AccountingMigrations"), plugins: ["EmbedSQL"]),
        .executableTarget(name: "EmbedSQLTool"),
        .plugin(name: "EmbedSQL", capability: .buildTool(), dependencies: ["EmbedSQLTool"]),
        // The command-line interface as a library: argument parsing and printing over the engine's
        // commands, for whichever migration repositories the executable hands it.
        .target(
            name: "VDIDBManageCLI",
            dependencies: [
                "MigrationKit", "MigrationKitDrivers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "VDIDBManage",
            dependencies: ["VDIDBManageCLI", "VDIModels", "Migrations", "AccountingMigrations"]
        ),
        // Fixture histories for the engine's tests, and the same CLI built over them.
        .target(name: "MigrationFixtures", dependencies: ["MigrationKit"], path: "Tests/Fixtures", exclude: ["icehouse"], plugins: ["EmbedSQL"]),
        .executableTarget(
            name: "vdi-db-manage-fixtures",
            dependencies: ["VDIDBManageCLI", "MigrationFixtures"],
            path: "Tests/FixtureTool"
        ),
        // Test databases per backend, shared by the test targets; not part of the product.
        .target(
            name: "MigrationKitTestSupport",
            dependencies: ["MigrationKit", "MigrationKitDrivers"],
            path: "Tests/Support"
        ),
        .testTarget(name: "MigrationKitTests", dependencies: ["MigrationKit", "MigrationFixtures"], exclude: ["Golden", "Corpus"]),
        .testTarget(
            name: "MigrationKitDriversTests",
            dependencies: ["MigrationKit", "MigrationKitDrivers", "MigrationKitTestSupport", "MigrationFixtures"]
        ),
        .testTarget(
            name: "VDIMigrationsTests",
            dependencies: ["MigrationKit", "MigrationKitDrivers", "MigrationKitTestSupport", "Migrations", "VDIModels"]
        ),
        .testTarget(
            name: "VDIDBManageTests",
            dependencies: [
                "MigrationKit", "MigrationKitDrivers", "MigrationKitTestSupport", "MigrationFixtures",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Golden", "alembic_differential.py"]
        ),
    ] + releaseTargets
)
