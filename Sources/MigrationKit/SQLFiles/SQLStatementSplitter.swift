/// Splits a SQL script into statements at top-level semicolons.
///
/// Semicolons inside string literals (`'…'`, with `''` escapes and, where the dialect has them,
/// backslash escapes), quoted identifiers (`"…"`, `` `…` ``), comments (`-- …`, `/* … */`) and
/// PostgreSQL dollar-quoted bodies (`$$…$$`, `$tag$…$tag$`) do not end a statement. Statements keep
/// their text verbatim, comments included; empty ones (only space and comments) are dropped.
public enum SQLStatementSplitter {
    public static func split(_ sql: String, backslashEscapes: Bool = false) -> [String] {
        let chars = Array(sql)
        var statements: [String] = []
        var start = 0
        var i = 0
        var hasCode = false
        func flush(upTo end: Int) {
            let text = String(chars[start..<end]).trimmingWhitespace()
            if hasCode && !text.isEmpty { statements.append(text) }
            hasCode = false
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "-" where next == "-":
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            case "/" where next == "*":
                i += 2
                while i < chars.count && !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { i += 1 }
                i += 2
                continue
            case "'", "\"", "`":
                hasCode = true
                i += 1
                while i < chars.count {
                    if backslashEscapes && c == "'" && chars[i] == "\\" { i += 2; continue }
                    if chars[i] == c {
                        if i + 1 < chars.count && chars[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                continue
            case "$":
                // $tag$ … $tag$, where tag is empty or an identifier.
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == "$", !(i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_")) {
                    let tag = Array(chars[i...j])
                    hasCode = true
                    var k = j + 1
                    while k + tag.count <= chars.count && Array(chars[k..<(k + tag.count)]) != tag { k += 1 }
                    i = min(chars.count, k + tag.count)
                    continue
                }
                hasCode = true
                i += 1
                continue
            case ";":
                flush(upTo: i)
                start = i + 1
                i += 1
                continue
            default:
                if !c.isWhitespace { hasCode = true }
                i += 1
            }
        }
        flush(upTo: chars.count)
        return statements
    }
}
