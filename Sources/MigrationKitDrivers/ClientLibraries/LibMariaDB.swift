import CMariaDB
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// MariaDB Connector/C, loaded when the first MySQL/MariaDB connection is opened, so the tool starts
/// (and serves SQLite) on a machine without it; a MySQL URL there says which package to install.
///
/// The functions below shadow the connector's own declarations with the same names and signatures,
/// calling through pointers `dlsym` found: the headers give the types, nothing is linked.
enum LibMariaDB {
    typealias Connection = UnsafeMutablePointer<MYSQL>
    typealias Result = UnsafeMutablePointer<MYSQL_RES>
    typealias Init = @convention(c) (Connection?) -> Connection?
    typealias Options = @convention(c) (Connection?, mysql_option, UnsafeRawPointer?) -> Int32
    typealias Close = @convention(c) (Connection?) -> Void
    typealias RealConnect = @convention(c) (
        Connection?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UInt32,
        UnsafePointer<CChar>?, UInt) -> Connection?
    typealias Errno = @convention(c) (Connection?) -> UInt32
    typealias Text = @convention(c) (Connection?) -> UnsafePointer<CChar>?
    typealias RealQuery = @convention(c) (Connection?, UnsafePointer<CChar>?, UInt) -> Int32
    typealias StoreResult = @convention(c) (Connection?) -> Result?
    typealias FreeResult = @convention(c) (Result?) -> Void
    typealias NextResult = @convention(c) (Connection?) -> Int32
    typealias NumFields = @convention(c) (Result?) -> UInt32
    typealias FetchFields = @convention(c) (Result?) -> UnsafeMutablePointer<MYSQL_FIELD>?
    typealias FetchRow = @convention(c) (Result?) -> MYSQL_ROW?
    typealias FetchLengths = @convention(c) (Result?) -> UnsafeMutablePointer<UInt>?
    typealias EscapeString = @convention(c) (Connection?, UnsafeMutablePointer<CChar>?, UnsafePointer<CChar>?, UInt) -> UInt
    typealias InfileInit = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Int32
    typealias InfileRead = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UInt32) -> Int32
    typealias InfileEnd = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias InfileError = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UInt32) -> Int32
    typealias SetLocalInfileHandler = @convention(c) (Connection?, InfileInit?, InfileRead?, InfileEnd?, InfileError?, UnsafeMutableRawPointer?) -> Void
    typealias AffectedRows = @convention(c) (Connection?) -> UInt64

    struct Table {
        let initialize: Init
        let options: Options
        let close: Close
        let realConnect: RealConnect
        let errno: Errno
        let error: Text
        let realQuery: RealQuery
        let storeResult: StoreResult
        let freeResult: FreeResult
        let fieldCount: Errno
        let nextResult: NextResult
        let numFields: NumFields
        let fetchFields: FetchFields
        let fetchRow: FetchRow
        let fetchLengths: FetchLengths
        let realEscapeString: EscapeString
        let serverInfo: Text
        let setLocalInfileHandler: SetLocalInfileHandler
        let affectedRows: AffectedRows
        let warningCount: Errno
        let sslCipher: Text
    }

    /// The library, loaded once (a `static let` is initialised exactly once, whichever thread asks first).
    static let loaded: Swift.Result<Table, DatabaseError> = load()
    /// The table, once `require()` has succeeded; only connection code that required it calls through it.
    static let t: Table! = try? loaded.get()

    /// Loads the connector or says which package provides it.
    static func require() throws { _ = try loaded.get() }

    private static func load() -> Swift.Result<Table, DatabaseError> {
        // VDI_LIBMARIADB names another file (a connector outside the loader's path).
        let opened = ClientLibrary.open(
            ["libmariadb.so.3", "libmariadb.so"], environment: "VDI_LIBMARIADB", backend: .mysql,
            missing: "MySQL/MariaDB needs the MariaDB Connector/C client library, which is not installed (Debian/Ubuntu: apt-get install libmariadb3)",
            package: "libmariadb3")
        return opened.flatMap { lib in
            Swift.Result {
                Table(
                    initialize: try lib.function("mysql_init", Init.self), options: try lib.function("mysql_options", Options.self),
                    close: try lib.function("mysql_close", Close.self), realConnect: try lib.function("mysql_real_connect", RealConnect.self),
                    errno: try lib.function("mysql_errno", Errno.self), error: try lib.function("mysql_error", Text.self),
                    realQuery: try lib.function("mysql_real_query", RealQuery.self), storeResult: try lib.function("mysql_store_result", StoreResult.self),
                    freeResult: try lib.function("mysql_free_result", FreeResult.self), fieldCount: try lib.function("mysql_field_count", Errno.self),
                    nextResult: try lib.function("mysql_next_result", NextResult.self), numFields: try lib.function("mysql_num_fields", NumFields.self),
                    fetchFields: try lib.function("mysql_fetch_fields", FetchFields.self), fetchRow: try lib.function("mysql_fetch_row", FetchRow.self),
                    fetchLengths: try lib.function("mysql_fetch_lengths", FetchLengths.self),
                    realEscapeString: try lib.function("mysql_real_escape_string", EscapeString.self),
                    serverInfo: try lib.function("mysql_get_server_info", Text.self),
                    setLocalInfileHandler: try lib.function("mysql_set_local_infile_handler", SetLocalInfileHandler.self),
                    affectedRows: try lib.function("mysql_affected_rows", AffectedRows.self),
                    warningCount: try lib.function("mysql_warning_count", Errno.self),
                    sslCipher: try lib.function("mysql_get_ssl_cipher", Text.self))
            }.mapError { $0 as? DatabaseError ?? DatabaseError(kind: .connection, backend: .mysql, message: "\($0)") }
        }
    }
}

// The connector's functions the driver calls, resolved at run time.
func mysql_init(_ m: UnsafeMutablePointer<MYSQL>!) -> UnsafeMutablePointer<MYSQL>! { LibMariaDB.t.initialize(m) }
@discardableResult
func mysql_options(_ m: UnsafeMutablePointer<MYSQL>!, _ o: mysql_option, _ arg: UnsafeRawPointer!) -> Int32 { LibMariaDB.t.options(m, o, arg) }
func mysql_close(_ m: UnsafeMutablePointer<MYSQL>!) { LibMariaDB.t.close(m) }
func mysql_real_connect(
    _ m: UnsafeMutablePointer<MYSQL>!, _ host: UnsafePointer<CChar>!, _ user: UnsafePointer<CChar>!, _ password: UnsafePointer<CChar>!,
    _ db: UnsafePointer<CChar>!, _ port: UInt32, _ socket: UnsafePointer<CChar>!, _ flags: UInt
) -> UnsafeMutablePointer<MYSQL>! { LibMariaDB.t.realConnect(m, host, user, password, db, port, socket, flags) }
func mysql_errno(_ m: UnsafeMutablePointer<MYSQL>!) -> UInt32 { LibMariaDB.t.errno(m) }
func mysql_error(_ m: UnsafeMutablePointer<MYSQL>!) -> UnsafePointer<CChar>! { LibMariaDB.t.error(m) }
func mysql_real_query(_ m: UnsafeMutablePointer<MYSQL>!, _ q: UnsafePointer<CChar>!, _ n: UInt) -> Int32 { LibMariaDB.t.realQuery(m, q, n) }
func mysql_store_result(_ m: UnsafeMutablePointer<MYSQL>!) -> UnsafeMutablePointer<MYSQL_RES>! { LibMariaDB.t.storeResult(m) }
func mysql_free_result(_ r: UnsafeMutablePointer<MYSQL_RES>!) { LibMariaDB.t.freeResult(r) }
func mysql_field_count(_ m: UnsafeMutablePointer<MYSQL>!) -> UInt32 { LibMariaDB.t.fieldCount(m) }
func mysql_next_result(_ m: UnsafeMutablePointer<MYSQL>!) -> Int32 { LibMariaDB.t.nextResult(m) }
func mysql_num_fields(_ r: UnsafeMutablePointer<MYSQL_RES>!) -> UInt32 { LibMariaDB.t.numFields(r) }
func mysql_fetch_fields(_ r: UnsafeMutablePointer<MYSQL_RES>!) -> UnsafeMutablePointer<MYSQL_FIELD>! { LibMariaDB.t.fetchFields(r) }
func mysql_fetch_row(_ r: UnsafeMutablePointer<MYSQL_RES>!) -> MYSQL_ROW! { LibMariaDB.t.fetchRow(r) }
func mysql_fetch_lengths(_ r: UnsafeMutablePointer<MYSQL_RES>!) -> UnsafeMutablePointer<UInt>! { LibMariaDB.t.fetchLengths(r) }
func mysql_real_escape_string(_ m: UnsafeMutablePointer<MYSQL>!, _ to: UnsafeMutablePointer<CChar>!, _ from: UnsafePointer<CChar>!, _ n: UInt) -> UInt {
    LibMariaDB.t.realEscapeString(m, to, from, n)
}
func mysql_get_server_info(_ m: UnsafeMutablePointer<MYSQL>!) -> UnsafePointer<CChar>! { LibMariaDB.t.serverInfo(m) }
func mysql_set_local_infile_handler(
    _ m: UnsafeMutablePointer<MYSQL>!, _ initialize: LibMariaDB.InfileInit!, _ read: LibMariaDB.InfileRead!, _ end: LibMariaDB.InfileEnd!,
    _ error: LibMariaDB.InfileError!, _ userdata: UnsafeMutableRawPointer!
) { LibMariaDB.t.setLocalInfileHandler(m, initialize, read, end, error, userdata) }
func mysql_affected_rows(_ m: UnsafeMutablePointer<MYSQL>!) -> UInt64 { LibMariaDB.t.affectedRows(m) }
func mysql_warning_count(_ m: UnsafeMutablePointer<MYSQL>!) -> UInt32 { LibMariaDB.t.warningCount(m) }
func mysql_get_ssl_cipher(_ m: UnsafeMutablePointer<MYSQL>!) -> UnsafePointer<CChar>? { LibMariaDB.t.sslCipher(m) }
