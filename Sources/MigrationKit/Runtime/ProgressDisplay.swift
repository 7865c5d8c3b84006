/// The terminal's view of a run (not ``ProgressTable``, the database's record of a revision's
/// statements): told when a part of a run that may take long begins and ends (a revision, waiting for the lock), so a
/// terminal can show what is going on and for how long. The engine only reports; the CLI decides
/// whether anything is shown (on a terminal, yes; in a pipe or a log file, nothing).
public protocol ProgressDisplay: AnyObject, Sendable {
    func begin(_ what: String)
    func end()
}
