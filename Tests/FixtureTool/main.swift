import MigrationFixtures
import VDIDBManageCLI

#if canImport(Glibc)
import Glibc
#endif

// vdi-db-manage over a fixture history chosen by VDI_FIXTURE_HISTORY (default: linear), for the
// tests that need real processes (concurrency, failures, offline scripts, Alembic interop).
let name = getenv("VDI_FIXTURE_HISTORY").map { String(cString: $0) } ?? "linear"
guard let history = FixtureHistories.named(name) else {
    print("vdi-db-manage-fixtures: unknown VDI_FIXTURE_HISTORY '\(name)'")
    exit(2)
}
VDIDBManageCommand.main(repositories: [FixtureHistories.repository(history)])
