/// FNV-1a, 64 bits: a hash that is the same in every process and run (unlike `Hasher`), for lock
/// keys and statement fingerprints.
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// Rows' values, by kind and content (not as SQL text): what a bulk insert's checksum is made of.
    /// Word at a time (a multiply and a rotation per 8 bytes), so a million rows take milliseconds.
    public static func fnv1a64(rows: [[SQLValue]]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ v: UInt64) {
            h = (h ^ v) &* 0x100_0000_01b3
            h = (h << 29) | (h >> 35)
        }
        for row in rows {
            mix(0x1e)
            for value in row {
                switch value {
                case .null: mix(0)
                case .integer(let i): mix(1); mix(UInt64(bitPattern: i))
                case .double(let d): mix(2); mix(d.bitPattern)
                case .text(let t):
                    mix(3)
                    var t = t
                    t.withUTF8 { bytes in
                        mix(UInt64(bytes.count))
                        var word: UInt64 = 0
                        for (k, b) in bytes.enumerated() {
                            word = word << 8 | UInt64(b)
                            if k & 7 == 7 { mix(word); word = 0 }
                        }
                        mix(word)
                    }
                case .bytes(let b):
                    mix(4); mix(UInt64(b.count))
                    var word: UInt64 = 0
                    for (k, x) in b.enumerated() {
                        word = word << 8 | UInt64(x)
                        if k & 7 == 7 { mix(word); word = 0 }
                    }
                    mix(word)
                }
            }
        }
        return h
    }
}
