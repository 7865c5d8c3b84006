/// The revision graph drawn for a terminal, as `git log --graph` draws commits: newest first, one
/// column per line of development, `*` for a revision, `|\` where a merge's parents part and `|/` where
/// branches meet at their branch point; or as Graphviz `dot`.
public enum HistoryDrawing {
    /// The drawing of `graph`, each revision with its tags (labels, milestones, head, current) and
    /// message. `current` marks the database's revisions.
    public static func text(_ graph: RevisionGraph, current: Set<Int> = []) -> [String] {
        var lanes: [Int] = []  // the revision each column waits for
        var out: [String] = []
        // Columns two characters wide; a connector (`\` or `/`) sits in the gap before its column.
        func row(_ cells: [String]) -> String {
            var s = ""
            for (i, c) in cells.enumerated() {
                s += (i == 0 || c == "/" || c == "\\") ? c : " " + c
            }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        for r in graph.order.reversed() {
            var matching = lanes.indices.filter { lanes[$0] == r }
            if matching.isEmpty {
                lanes.append(r)
                matching = [lanes.count - 1]
            }
            let col = matching[0]
            // Branches meeting at their branch point: fold the other columns into this one, rightmost first.
            for extra in matching.dropFirst().reversed() {
                out.append(row(lanes.indices.map { $0 < extra ? "|" : "/" }))
                lanes.remove(at: extra)
            }
            let report = graph.report(r, current: current)
            out.append(row(lanes.indices.map { $0 == col ? "*" : "|" }) + " " + report.tagged + (report.message.isEmpty ? "" : " " + report.message))
            let parents = graph.parentIndices(r)
            if parents.isEmpty {
                lanes.remove(at: col)
                if col < lanes.count { out.append(row(lanes.indices.map { $0 < col ? "|" : "/" })) }
                continue
            }
            lanes[col] = parents[0]
            // A merge: each further parent gets a column to the right, unless a column already waits for it.
            for p in parents.dropFirst() where !lanes.contains(p) {
                lanes.insert(p, at: col + 1)
                out.append(row(lanes.indices.map { $0 <= col ? "|" : "\\" }))
            }
        }
        return out
    }

    /// The graph in Graphviz's language: parents point to children, dependencies dashed, heads and the
    /// database's revisions marked.
    public static func dot(_ graph: RevisionGraph, current: Set<Int> = []) -> String {
        func q(_ s: String) -> String { "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" }
        var lines = ["digraph revisions {", "    rankdir=BT;", "    node [shape=box, fontname=\"monospace\"];"]
        for r in graph.order {
            let rep = graph.report(r, current: current)
            var attrs = ["label=" + q(rep.tagged) + (rep.message.isEmpty ? "" : " + \"\\n\" + " + q(rep.message))]
            if current.contains(r) { attrs.append("style=filled, fillcolor=\"lightblue\"") } else if rep.isHead { attrs.append("style=bold") }
            lines.append("    \(q(rep.revision)) [\(attrs.joined(separator: ", "))];")
        }
        for r in graph.order {
            for p in graph.parentIndices(r) { lines.append("    \(q(graph.revision(p).id)) -> \(q(graph.revision(r).id));") }
            for d in graph.report(r).dependsOn { lines.append("    \(q(d)) -> \(q(graph.revision(r).id)) [style=dashed];") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
