// Times the revision graph through MigrationKit's API with N revisions built in memory: construction
// (with validation), heads, the full history newest first (with reports), and what `current` does at
// the tip. Prints one JSON object. Compiled by bench/run.py against the release build.
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double { Clock.now() }
let n = Int(CommandLine.arguments.dropFirst().first ?? "10000") ?? 10000
var revisions: [Revision] = []
revisions.reserveCapacity(n)
for i in 0..<n {
    revisions.append(Revision(id: "r\(i)", parents: i == 0 ? [] : ["r\(i - 1)"], message: "revision \(i)"))
}
var t = now()
let graph = try RevisionGraph(revisions)
let build = now() - t
t = now()
let heads = graph.heads.map { graph.report($0) }
let headsTime = now() - t
t = now()
var lines = 0
for i in graph.order.reversed() { lines += graph.report(i).line.count }
let historyTime = now() - t
t = now()
// current: the database's row resolved, its report printed, and the plan from there (nothing to do).
var planner = MigrationPlanner(graph: graph, heads: [graph.indexOf("r\(n - 1)")!])
let steps = planner.upgrade(to: graph.heads)
let current = graph.report(graph.indexOf("r\(n - 1)")!).tagged
let currentTime = now() - t
print("{\"n\": \(n), \"build\": \(build), \"heads\": \(headsTime), \"history\": \(historyTime), \"current\": \(currentTime), \"check\": \(heads.count + lines + steps.count + current.count)}")
