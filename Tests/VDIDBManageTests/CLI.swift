import Foundation
import MigrationKit
import Testing

/// Runs the built `vdi-db-manage` binary, as an operator would.
struct CLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
        /// Everything the process wrote.
        var output: String { stdout + stderr }
    }

    /// The binary next to the test bundle (both live in the build products directory).
    static var binary: String { product("vdi-db-manage") }

    /// The same CLI built over the fixture histories (`VDI_FIXTURE_HISTORY` picks one).
    static var fixtureBinary: String { product("vdi-db-manage-fixtures") }

    static func product(_ name: String) -> String {
        if name == "vdi-db-manage", let override = ProcessInfo.processInfo.environment["VDI_DB_MANAGE_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        // The test bundle may be a directory (…/x.xctest/…); walk up to the products directory.
        while !FileManager.default.fileExists(atPath: dir + "/" + name) && dir != "/" {
            dir = (dir as NSString).deletingLastPathComponent
        }
        return dir + "/" + name
    }

    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String] = [:], cwd: String? = nil, timeout: Double = 120,
        executable: String? = nil, stdin: String? = nil
    ) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? binary)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OS_DATABASE__CONNECTION")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin.flatMap { FileHandle(forReadingAtPath: $0) } ?? FileHandle.nullDevice
        try p.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(5_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            throw TimeoutError(arguments: arguments)
        }
        p.waitUntilExit()
        group.wait()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the fixture binary over a history.
    @discardableResult
    static func fixtures(_ history: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> Result {
        var env = environment
        env["VDI_FIXTURE_HISTORY"] = history
        return try run(arguments, environment: env, timeout: timeout, executable: fixtureBinary)
    }

    /// Starts `upgrade head` over a fixture history whose revision pauses (`VDI_FIXTURE_PAUSE`
    /// seconds, after writing `marker`), and returns once the pause is under way, the process running.
    static func startPausedUpgrade(
        history: String, url: String, pause: Int, marker: String, stderr: FileHandle?, environment: [String: String] = [:],
        under wrapper: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: wrapper.first ?? fixtureBinary)
        p.arguments = wrapper.dropFirst() + (wrapper.isEmpty ? [] : [fixtureBinary]) + ["--database-connection", url, "upgrade", "head"]
        var env = ProcessInfo.processInfo.environment
        env["VDI_FIXTURE_HISTORY"] = history
        env["VDI_FIXTURE_MARKER"] = marker
        env["VDI_FIXTURE_PAUSE"] = "\(pause)"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderr
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline { usleep(20_000) }
        #expect(FileManager.default.fileExists(atPath: marker), "the paused revision never started", sourceLocation: sourceLocation)
        return p
    }

    /// Runs any program (a database client, Python).
    @discardableResult
    static func program(_ path: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, cwd: String? = nil, timeout: Double = 120) throws -> Result {
        try run(arguments, environment: environment, cwd: cwd, timeout: timeout, executable: path, stdin: stdin)
    }

    struct TimeoutError: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "vdi-db-manage \(arguments.joined(separator: " ")) did not finish in time" }
    }
}

/// A temporary directory removed when the test ends.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "vdi-cli-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
