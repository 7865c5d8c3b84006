import FoundationEssentials

/// The few file-system questions the commands ask, in one place (FoundationEssentials' FileManager).
enum FileSystem {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
    /// The file's text, or nil when it cannot be read.
    static func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
