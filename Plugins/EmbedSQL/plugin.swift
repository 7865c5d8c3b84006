import PackagePlugin

/// Embeds a target's `.sql` files into its module as `EmbeddedSQL`, so plain-SQL revisions compile into
/// the binary: a new or changed SQL file is picked up by the next `swift build`, with no hand edits.
@main
struct EmbedSQL: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let sql = module.sourceFiles.filter { $0.url.pathExtension == "sql" }.map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSQL.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(sql.count) SQL file(s) of \(target.name)",
                executable: try context.tool(named: "EmbedSQLTool").url,
                arguments: [module.directoryURL.path(percentEncoded: false), output.path(percentEncoded: false)]
                    + sql.map { $0.path(percentEncoded: false) },
                inputFiles: sql,
                outputFiles: [output])
        ]
    }
}
