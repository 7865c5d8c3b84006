import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// A client library opened with `dlopen` on first use: the file, and its symbols as typed function
/// pointers, each failure a connection error naming the package that provides the library.
struct ClientLibrary {
    let handle: UnsafeMutableRawPointer
    let backend: Backend
    let package: String

    /// Opens the first of `names` the loader finds (or the file the environment variable names).
    static func open(_ names: [String], environment: String, backend: Backend, missing: String, package: String) -> Result<ClientLibrary, DatabaseError> {
        let candidates = getenv(environment).map { [String(cString: $0)] } ?? names
        for n in candidates {
            if let handle = dlopen(n, RTLD_NOW | RTLD_LOCAL) { return .success(ClientLibrary(handle: handle, backend: backend, package: package)) }
        }
        return .failure(DatabaseError(kind: .connection, backend: backend, message: missing))
    }

    /// The function `name` as the type the caller expects (the headers' declaration).
    func function<T>(_ name: String, _: T.Type) throws -> T {
        guard let p = dlsym(handle, name) else {
            throw DatabaseError(kind: .connection, backend: backend, message: "the installed client library lacks \(name): install \(package)")
        }
        return unsafeBitCast(p, to: T.self)
    }
}
