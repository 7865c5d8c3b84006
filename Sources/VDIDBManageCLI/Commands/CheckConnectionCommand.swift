import ArgumentParser
import MigrationKit
import MigrationKitDrivers

/// `check_connection`: connects with the configured URL and reports the backend and server version.
struct CheckConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check_connection",
        abstract: "Connect to the configured database and report its backend, server version, whether the connection uses TLS, which server answered and whether it is the primary (PostgreSQL), and a Galera node's state.")

    @ParentCommand var root: VDIDBManageCommand

    func run() throws {
        let settings = try root.loadSettings()
        let url = try settings.requireURL()
        let info = try MigrationKit.checkConnection(url: url, connector: NativeConnector())
        let notes = [info.cluster, info.tls, info.server.map { "answered by \($0)" }].compactMap { $0 }
        print("\(info.backend) \(info.serverVersion) at \(url)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
    }
}
