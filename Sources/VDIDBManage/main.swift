import Migrations
import VDIDBManageCLI

VDIDBManageCommand.main(repositories: [VDIMigrations.repository])
