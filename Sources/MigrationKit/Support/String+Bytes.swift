// String helpers that work on UTF-8 bytes. The standard library's `contains(_:)`,
// `firstRange(of:)` and `Character.isWhitespace` build a searcher (with a hash table) or break
// grapheme clusters on every call; reflection calls these once or more per column, and at 1,000
// tables that was a third of `check`'s time on MariaDB. Byte-wise matching is also what quoting needs:
// a backtick followed by a combining mark is still a backtick to the database.

extension StringProtocol {
    /// The text without leading and trailing white space (including newlines).
    public func trimmingWhitespace() -> String {
        let whole = String(self)
        // Nothing to trim at ASCII ends is what catalogs give; anything else takes the long way.
        func asciiSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        guard let firstByte = whole.utf8.first, let lastByte = whole.utf8.last else { return "" }
        if firstByte < 0x80, lastByte < 0x80, !asciiSpace(firstByte), !asciiSpace(lastByte) { return whole }
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// Where `target` first occurs, byte for byte.
    public func utf8Range(of target: some StringProtocol) -> Range<Index>? {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return startIndex..<startIndex }
        let found: Int?? = utf8.withContiguousStorageIfAvailable { Self.offset(of: t, in: $0) }
        let offset = found ?? Self.offset(of: t, in: Array(utf8))
        guard let offset else { return nil }
        let lower = utf8.index(startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: t.count)
    }

    /// Whether `target` occurs, byte for byte.
    public func containsBytes(_ target: some StringProtocol) -> Bool { utf8Range(of: target) != nil }

    private static func offset(of t: [UInt8], in text: some RandomAccessCollection<UInt8>) -> Int? {
        guard text.count >= t.count else { return nil }
        return t.withUnsafeBufferPointer { p in
            let first = p[0]
            var i = text.startIndex
            let lastStart = text.index(text.endIndex, offsetBy: -t.count)
            var n = 0
            while i <= lastStart {
                if text[i] == first {
                    var k = 1
                    var j = text.index(after: i)
                    while k < p.count, text[j] == p[k] { k += 1; j = text.index(after: j) }
                    if k == p.count { return n }
                }
                i = text.index(after: i)
                n += 1
            }
            return nil
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced, byte for byte (no Foundation needed).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, var r = utf8Range(of: target) else { return self }
        var out = ""
        var rest = Substring(self)
        while true {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
            guard let next = rest.utf8Range(of: target) else { break }
            r = next
        }
        return out + rest
    }
}

extension String {
    /// The text as a message may quote it: a run of more than 200 characters without a space (a value,
    /// a path, a token) keeps its first 80 and last 20 with the count between, and the whole is kept
    /// under 4,000 characters the same way. A 10 MB configuration value is named, not echoed.
    public func shortenedForMessage() -> String {
        func cut(_ s: Substring, keep head: Int, _ tail: Int) -> String {
            "\(s.prefix(head))…[\(s.count - head - tail) characters]…\(s.suffix(tail))"
        }
        var out = ""
        var run = Substring()
        var start = startIndex
        for i in indices where self[i] == " " {
            run = self[start..<i]
            out += run.count > 200 ? cut(run, keep: 80, 20) : String(run)
            out += " "
            start = index(after: i)
        }
        run = self[start...]
        out += run.count > 200 ? cut(run, keep: 80, 20) : String(run)
        return out.count > 4_000 ? cut(Substring(out), keep: 3_000, 500) : out
    }
}
