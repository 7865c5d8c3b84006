import CLibPQ
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// libpq, loaded when the first PostgreSQL connection is opened, so the tool starts (and serves SQLite)
/// on a machine without it; a PostgreSQL URL there says which package to install.
///
/// The functions below shadow libpq's own declarations with the same names and signatures, calling
/// through pointers `dlsym` found: the headers give the types, nothing is linked.
enum LibPQ {
    struct Table {
        let connectdbParams: ConnectdbParams
        let status: Status
        let finish: Finish
        let errorMessage: ErrorMessage
        let setNoticeProcessor: SetNoticeProcessor
        let exec: Exec
        let execParams: ExecParams
        let clear: Finish
        let nfields: Count
        let ntuples: Count
        let fname: Fname
        let ftype: Ftype
        let getisnull: Getisnull
        let getvalue: Getvalue
        let resultStatus: ResultStatus
        let resultErrorField: Fname
        let resultErrorMessage: ErrorMessage
        let parameterStatus: ParameterStatus
        let sslAttribute: ParameterStatus
        let putCopyData: PutCopyData
        let putCopyEnd: PutCopyEnd
        let getResult: Exec0
        let host: ErrorMessage
        let port: ErrorMessage
        let libVersion: LibVersion
    }

    /// The library, loaded once (a `static let` is initialised exactly once, whichever thread asks first).
    static let loaded: Result<Table, DatabaseError> = load()
    /// The table, once `require()` has succeeded; only connection code that required it calls through it.
    static let t: Table! = try? loaded.get()

    /// Loads libpq or says which package provides it.
    static func require() throws { _ = try loaded.get() }

    private static func load() -> Result<Table, DatabaseError> {
        // VDI_LIBPQ names another file (a libpq outside the loader's path).
        let opened = ClientLibrary.open(
            ["libpq.so.5", "libpq.so"], environment: "VDI_LIBPQ", backend: .postgresql,
            missing: "PostgreSQL needs the libpq client library, which is not installed (Debian/Ubuntu: apt-get install libpq5; Fedora: dnf install libpq)",
            package: "libpq5 15 or newer")
        return opened.flatMap { lib in
            Result {
                Table(
                    connectdbParams: try lib.function("PQconnectdbParams", Table.ConnectdbParams.self), status: try lib.function("PQstatus", Table.Status.self),
                    finish: try lib.function("PQfinish", Table.Finish.self), errorMessage: try lib.function("PQerrorMessage", Table.ErrorMessage.self),
                    setNoticeProcessor: try lib.function("PQsetNoticeProcessor", Table.SetNoticeProcessor.self), exec: try lib.function("PQexec", Table.Exec.self),
                    execParams: try lib.function("PQexecParams", Table.ExecParams.self), clear: try lib.function("PQclear", Table.Finish.self),
                    nfields: try lib.function("PQnfields", Table.Count.self), ntuples: try lib.function("PQntuples", Table.Count.self),
                    fname: try lib.function("PQfname", Table.Fname.self), ftype: try lib.function("PQftype", Table.Ftype.self),
                    getisnull: try lib.function("PQgetisnull", Table.Getisnull.self), getvalue: try lib.function("PQgetvalue", Table.Getvalue.self),
                    resultStatus: try lib.function("PQresultStatus", Table.ResultStatus.self), resultErrorField: try lib.function("PQresultErrorField", Table.Fname.self),
                    resultErrorMessage: try lib.function("PQresultErrorMessage", Table.ErrorMessage.self),
                    parameterStatus: try lib.function("PQparameterStatus", Table.ParameterStatus.self),
                    sslAttribute: try lib.function("PQsslAttribute", Table.ParameterStatus.self),
                    putCopyData: try lib.function("PQputCopyData", Table.PutCopyData.self),
                    putCopyEnd: try lib.function("PQputCopyEnd", Table.PutCopyEnd.self),
                    getResult: try lib.function("PQgetResult", Table.Exec0.self),
                    host: try lib.function("PQhost", Table.ErrorMessage.self), port: try lib.function("PQport", Table.ErrorMessage.self),
                    libVersion: try lib.function("PQlibVersion", Table.LibVersion.self))
            }.mapError { $0 as? DatabaseError ?? DatabaseError(kind: .connection, backend: .postgresql, message: "\($0)") }
        }
    }
}

extension LibPQ.Table {
    typealias ConnectdbParams = @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> OpaquePointer?
    typealias Status = @convention(c) (OpaquePointer?) -> ConnStatusType
    typealias Finish = @convention(c) (OpaquePointer?) -> Void
    typealias ErrorMessage = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    typealias SetNoticeProcessor = @convention(c) (OpaquePointer?, PQnoticeProcessor?, UnsafeMutableRawPointer?) -> PQnoticeProcessor?
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias ExecParams = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> OpaquePointer?
    typealias Count = @convention(c) (OpaquePointer?) -> Int32
    typealias Fname = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias Ftype = @convention(c) (OpaquePointer?, Int32) -> Oid
    typealias Getisnull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias Getvalue = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    typealias ResultStatus = @convention(c) (OpaquePointer?) -> ExecStatusType
    typealias ParameterStatus = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> UnsafePointer<CChar>?
    typealias PutCopyData = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32
    typealias PutCopyEnd = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias Exec0 = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias LibVersion = @convention(c) () -> Int32
}

// The libpq functions the driver calls, resolved at run time.
func PQconnectdbParams(_ k: UnsafePointer<UnsafePointer<CChar>?>!, _ v: UnsafePointer<UnsafePointer<CChar>?>!, _ e: Int32) -> OpaquePointer! { LibPQ.t.connectdbParams(k, v, e) }
func PQstatus(_ c: OpaquePointer!) -> ConnStatusType { LibPQ.t.status(c) }
func PQfinish(_ c: OpaquePointer!) { LibPQ.t.finish(c) }
func PQerrorMessage(_ c: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.t.errorMessage(c) }
@discardableResult
func PQsetNoticeProcessor(_ c: OpaquePointer!, _ p: PQnoticeProcessor!, _ arg: UnsafeMutableRawPointer!) -> PQnoticeProcessor! { LibPQ.t.setNoticeProcessor(c, p, arg) }
func PQexec(_ c: OpaquePointer!, _ q: UnsafePointer<CChar>!) -> OpaquePointer! { LibPQ.t.exec(c, q) }
func PQexecParams(
    _ c: OpaquePointer!, _ q: UnsafePointer<CChar>!, _ n: Int32, _ types: UnsafePointer<Oid>!, _ values: UnsafePointer<UnsafePointer<CChar>?>!,
    _ lengths: UnsafePointer<Int32>!, _ formats: UnsafePointer<Int32>!, _ resultFormat: Int32
) -> OpaquePointer! { LibPQ.t.execParams(c, q, n, types, values, lengths, formats, resultFormat) }
func PQclear(_ r: OpaquePointer!) { LibPQ.t.clear(r) }
func PQnfields(_ r: OpaquePointer!) -> Int32 { LibPQ.t.nfields(r) }
func PQntuples(_ r: OpaquePointer!) -> Int32 { LibPQ.t.ntuples(r) }
func PQfname(_ r: OpaquePointer!, _ f: Int32) -> UnsafeMutablePointer<CChar>! { LibPQ.t.fname(r, f) }
func PQftype(_ r: OpaquePointer!, _ f: Int32) -> Oid { LibPQ.t.ftype(r, f) }
func PQgetisnull(_ r: OpaquePointer!, _ row: Int32, _ f: Int32) -> Int32 { LibPQ.t.getisnull(r, row, f) }
func PQgetvalue(_ r: OpaquePointer!, _ row: Int32, _ f: Int32) -> UnsafeMutablePointer<CChar>! { LibPQ.t.getvalue(r, row, f) }
func PQresultStatus(_ r: OpaquePointer!) -> ExecStatusType { LibPQ.t.resultStatus(r) }
func PQresultErrorField(_ r: OpaquePointer!, _ code: Int32) -> UnsafeMutablePointer<CChar>! { LibPQ.t.resultErrorField(r, code) }
func PQresultErrorMessage(_ r: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.t.resultErrorMessage(r) }
func PQparameterStatus(_ c: OpaquePointer!, _ name: UnsafePointer<CChar>!) -> UnsafePointer<CChar>! { LibPQ.t.parameterStatus(c, name) }
func PQputCopyData(_ c: OpaquePointer!, _ buffer: UnsafePointer<CChar>!, _ n: Int32) -> Int32 { LibPQ.t.putCopyData(c, buffer, n) }
func PQputCopyEnd(_ c: OpaquePointer!, _ error: UnsafePointer<CChar>!) -> Int32 { LibPQ.t.putCopyEnd(c, error) }
func PQgetResult(_ c: OpaquePointer!) -> OpaquePointer! { LibPQ.t.getResult(c) }
func PQsslAttribute(_ c: OpaquePointer!, _ name: UnsafePointer<CChar>!) -> UnsafePointer<CChar>? { LibPQ.t.sslAttribute(c, name) }
func PQhost(_ c: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.t.host(c) }
func PQport(_ c: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.t.port(c) }
func PQlibVersion() -> Int32 { LibPQ.t.libVersion() }
