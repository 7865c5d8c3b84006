/// Appends for the bulk loaders' row streams (COPY text, LOAD DATA text): numbers and escaped text
/// written straight into the byte buffer, without a String in between.
extension Array where Element == UInt8 {
    /// `v` in decimal.
    mutating func appendDecimal(_ v: Int64) {
        if v < 0 { append(45) }
        var m = v.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64's 20 digits
        Swift.withUnsafeMutableBytes(of: &digits) { raw in
            var i = raw.count
            repeat {
                i -= 1
                raw[i] = UInt8(48 + m % 10)
                m /= 10
            } while m > 0
            append(contentsOf: raw[i...])
        }
    }

    /// `bytes`, each byte `escape` maps to a letter written as a backslash and that letter. Copied whole
    /// when none needs it, which is most values.
    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ escape: (UInt8) -> UInt8?) {
        guard bytes.contains(where: { escape($0) != nil }) else { return append(contentsOf: bytes) }
        for b in bytes {
            if let letter = escape(b) {
                append(92)
                append(letter)
            } else {
                append(b)
            }
        }
    }
}
