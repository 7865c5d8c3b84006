/// A check that found what it looks for (`check`, `check_migration`, `has_offline_migrations`, data
/// migrations left): exit 1 with its message.
struct CheckFailed: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
