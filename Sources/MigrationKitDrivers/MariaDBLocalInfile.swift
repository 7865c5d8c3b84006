import CMariaDB
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// The rows a `LOAD DATA LOCAL INFILE` streams, from memory, in the server's default text format (tab
/// between fields, newline after rows, `\N` for NULL, backslash escapes): what the `mariadb` client's
/// `LOAD DATA LOCAL` sends from a file, without the file.
///
/// Installed as the connection's local-infile handler for its whole life, so a server asking for a
/// file at any other moment (or for any file name) gets an error, never a file from this machine.
final class LocalInfileRows {
    private var rows: ArraySlice<[SQLValue]> = []
    private var active = false
    private var pending: [UInt8] = []
    private var offset = 0

    func start(_ insert: BulkInsert) {
        rows = insert.rows[...]
        active = true
        pending.removeAll(keepingCapacity: true)
        offset = 0
    }

    func finish() {
        rows = []
        active = false
        pending = []
    }

    /// Whether a server's request may be answered (only while `load` sends its rows).
    var accepting: Bool { active }

    /// Copies up to `capacity` bytes of the stream into `buffer`; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        // Worked on as locals (the buffer moved out, not copied): a class's stored array appended to
        // byte by byte pays an exclusivity check on every append.
        var out = pending
        pending = []
        var start = offset
        var rest = rows
        while out.count - start < capacity, let row = rest.first {
            rest = rest.dropFirst()
            if start > 0 && start == out.count { out.removeAll(keepingCapacity: true); start = 0 }
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(9) }
                Self.encode(value, into: &out)
            }
            out.append(10)
        }
        rows = rest
        let n = min(capacity, out.count - start)
        if n > 0 {
            out.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress! + start, count: n) }
            }
            start += n
        }
        if start == out.count { out.removeAll(keepingCapacity: true); start = 0 }
        pending = out
        offset = start
        return max(0, n)
    }

    static func encode(_ value: SQLValue, into out: inout [UInt8]) {
        func escape(_ b: UInt8) -> UInt8? {
            switch b {
            case 0: 48  // \0
            case 9: 116  // \t
            case 10: 110  // \n
            case 13: 114  // \r
            case 26: 90  // \Z
            case 92: 92
            default: nil
            }
        }
        switch value {
        case .null: out.append(92); out.append(78)
        case .integer(let i): out.appendDecimal(i)
        case .double(let d):
            if d.isFinite { out.append(contentsOf: "\(d)".utf8) } else { out.append(92); out.append(78) }
        case .text(var s): s.withUTF8 { out.appendEscaped($0, escape) }
        case .bytes(let b): b.withUnsafeBufferPointer { out.appendEscaped($0, escape) }
        }
    }

    /// The C callbacks; `userdata` is the `LocalInfileRows`.
    static let initialize: LibMariaDB.InfileInit = { handle, _, userdata in
        handle?.pointee = userdata
        guard let userdata else { return 1 }
        return Unmanaged<LocalInfileRows>.fromOpaque(userdata).takeUnretainedValue().accepting ? 0 : 1
    }
    static let readRows: LibMariaDB.InfileRead = { handle, buffer, length in
        guard let handle, let buffer else { return -1 }
        let rows = Unmanaged<LocalInfileRows>.fromOpaque(handle).takeUnretainedValue()
        guard rows.accepting else { return -1 }
        return Int32(rows.read(into: buffer, capacity: Int(length)))
    }
    static let end: LibMariaDB.InfileEnd = { _ in }
    static let error: LibMariaDB.InfileError = { _, message, length in
        let text = "vdi-db-manage sends no local files, only the rows of its own bulk insert"
        if let message, length > 0 {
            let bytes = Array(text.utf8.prefix(Int(length) - 1))
            for (i, b) in bytes.enumerated() { message[i] = CChar(bitPattern: b) }
            message[bytes.count] = 0
        }
        return 2000
    }
}
