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
}
