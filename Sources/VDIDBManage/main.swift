import Migrations
import VDIDBManageCLI
import VDIModels

// VDI's core history, compared with VDI's declared models.
VDIDBManageCommand.main(repositories: [VDIMigrations.repository.with(models: VDIModels.schema)])
