import AccountingMigrations
import Migrations
import VDIDBManageCLI
import VDIModels

// VDI's core history, and usage accounting beside it (`--subproject accounting`), each compared with
// its own declared models. The first is the default repository.
VDIDBManageCommand.main(repositories: [
    VDIMigrations.repository.with(models: VDIModels.schema),
    AccountingMigrations.repository.with(models: AccountingModels.schema),
])
