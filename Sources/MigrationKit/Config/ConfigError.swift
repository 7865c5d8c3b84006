/// A configuration problem, reported with the file and line where there is one.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String?
    public var line: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(printable(message))"
        case let (file?, nil): "\(file): \(printable(message))"
        default: printable(message)
        }
    }
}
