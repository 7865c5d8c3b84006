import ArgumentParser
import MigrationKit

/// `history [-r FROM:TO] [--verbose] [--indicate-current]`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List revisions, newest first.",
        discussion: "RANGE is FROM:TO, either side optional (base and heads by default); 'current' names the database's revision.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(name: [.customShort("r"), .customLong("rev-range")], help: ArgumentHelp("The range to show; a relative start may be glued on, as in Alembic: -r-3:current.", valueName: "range"))
    var range: String?
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false
    @Flag(name: [.customShort("i"), .customLong("indicate-current")], help: "Mark the database's current revision(s) (connects to the database).")
    var indicateCurrent = false
    @Flag(help: "Draw the graph (branches, merges, labels, milestones; with -i the database's position), as git log --graph does.")
    var graph = false
    @Option(help: "Output format: text, json, or dot (Graphviz).") var format: HistoryFormat = .text
    @Flag(help: "List the runs the database's ledger recorded instead: who applied or reversed which revision, when, how long it took (connects to the database).")
    var applied = false

    enum HistoryFormat: String, ExpressibleByArgument, CaseIterable { case text, json, dot }

    func validate() throws {
        if (graph || format == .dot) && range != nil { throw ValidationError("--graph and --format dot draw the whole history: leave out -r") }
        if applied && (graph || format == .dot || range != nil || indicateCurrent) {
            throw ValidationError("--applied lists the ledger: it takes no -r, -i, --graph or --format dot")
        }
    }

    func run() throws {
        let contexts = try root.contexts(defaultAll: true)
        if applied {
            return try Out.perRepository(contexts, format: format == .json ? .json : .text, { try $0.appliedLedger() }, lines: { _, entries in
                entries.isEmpty ? ["(no runs recorded)"] : entries.map(Self.ledgerLine)
            })
        }
        if graph || format == .dot {
            for context in contexts {
                let g = try context.repository.graph()
                let current = indicateCurrent ? Set(try context.currentIndices()) : []
                if format == .dot {
                    Out.raw(HistoryDrawing.dot(g, current: current))
                } else {
                    if contexts.count > 1 { Out.line("\(context.repository.name):") }
                    for l in HistoryDrawing.text(g, current: current) { Out.line(l) }
                }
            }
            return
        }
        try Out.perRepository(contexts, format: format == .json ? .json : .text, {
            try $0.history(range: range, indicateCurrent: indicateCurrent)
        }, lines: { _, entries in entries.map { verbose ? $0.verbose : $0.line } })
    }
}

extension HistoryCommand {
    /// `2026-12-01 22:50:19 UTC  upgrade    a1b2c3d4e5f6  1.2 s  4 statements  host vm, pid 4204, run 9b15…`
    static func ledgerLine(_ e: LedgerEntry) -> String {
        let took = e.durationMillis.map { Clock.format(Double($0) / 1000) } ?? "unfinished"
        let statements = e.statements.map { "\($0) statement\($0 == 1 ? "" : "s")" } ?? "-"
        return "\(ServerTime.format(e.startedMillis))  \(e.direction.rawValue.padding(9))  \(e.revision.padding(12))  \(took.padding(10))  \(statements.padding(13))  "
            + "host \(e.owner.host), pid \(e.owner.pid), run \(e.owner.runID)"
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
