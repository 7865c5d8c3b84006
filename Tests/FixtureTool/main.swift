import MigrationFixtures
import MigrationKit
import VDIDBManageCLI

#if canImport(Glibc)
import Glibc
#endif

// vdi-db-manage over a fixture history chosen by VDI_FIXTURE_HISTORY (default: linear), for the
// tests that need real processes (concurrency, failures, offline scripts, Alembic interop).
// The `modeled` history is compared with the models named by VDI_FIXTURE_MODELS (v1 or v2).
let name = getenv("VDI_FIXTURE_HISTORY").map { String(cString: $0) } ?? "linear"
let modelsName = getenv("VDI_FIXTURE_MODELS").map { String(cString: $0) } ?? "v1"
if name == "sqlfiles" || name == "sqlmissing" {
    let sqlRevision = name == "sqlfiles" ? FixtureHistories.sqlFileRevision : FixtureHistories.postgresqlOnlyRevision
    VDIDBManageCommand.main(repositories: [MigrationRepository(name: "fixtures", revisions: [FixtureHistories.linear[0].revision, sqlRevision], sourceDirectory: "none", registryType: "none")])
}
if name == "longname" {
    VDIDBManageCommand.main(repositories: [MigrationRepository(name: "fixtures", revisions: FixtureHistories.longName, sourceDirectory: "none", registryType: "none")])
}
if name == "phased" || name == "phased-bad" {
    let revisions = name == "phased" ? FixtureHistories.phased : FixtureHistories.phasedBad
    VDIDBManageCommand.main(repositories: [MigrationRepository(
        name: "fixtures", revisions: revisions, sourceDirectory: "none", registryType: "none",
        dataMigrations: name == "phased" ? FixtureHistories.phasedDataMigrations : [])])
}
if name == "model" {
    VDIDBManageCommand.main(repositories: [MigrationRepository(name: "fixtures", revisions: FixtureHistories.model, sourceDirectory: "none", registryType: "none")])
}
if name == "modeled", let models = FixtureModels.named(modelsName) {
    VDIDBManageCommand.main(repositories: [FixtureHistories.modeledRepository(models: models)])
}
guard let history = FixtureHistories.named(name) else {
    print("vdi-db-manage-fixtures: unknown VDI_FIXTURE_HISTORY '\(name)'")
    exit(2)
}
VDIDBManageCommand.main(repositories: [FixtureHistories.repository(history, models: FixtureModels.v1)])
