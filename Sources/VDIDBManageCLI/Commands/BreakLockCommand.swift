import ArgumentParser
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// `break_lock [--yes] [--force]`: clears a migration lock no live run holds.
struct BreakLockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "break_lock",
        abstract: "Clear the migration lock of a run that is gone (its lease expired, its process dead, or its lease wedged).",
        discussion: """
            A run's lock is a row in <version table>_lock with a lease; 'current' shows its holder and when the lease \
            ends. A run that died is taken over by the next run once its lease has expired, so this is needed only for \
            a lease that ends far ahead (a clock gone wrong, a hand edit) or to clear a dead run's lock at once. It asks \
            for confirmation (--yes answers it). A live lease is refused unless --force is given: breaking the lock of a \
            run that is still migrating lets two runs migrate at once. On SQLite the lock is a file lock, which ends \
            with its process: there is nothing to break.
            """)

    @ParentCommand var root: VDIDBManageCommand
    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "Break the lock even though its lease is alive.") var force = false

    func run() throws {
        for context in try root.contexts(defaultAll: true) {
            let outcome = try context.breakLock(force: force) { holder, judgement in
                if yes { return true }
                guard isatty(0) != 0 else {
                    throw MigrationError.lockNotBreakable("the migration lock is held by \(holder.owner) and may be broken (\(judgement.reason)); "
                        + "give --yes to break it (there is no terminal to ask)")
                }
                Out.line("The migration lock of \(context.repository.name) is held by \(holder.owner)\(holder.activity.map { ", applying \($0)" } ?? ""); its \(holder.leaseText).")
                Out.raw("It may be broken: \(judgement.reason). Break it? [y/N] ")
                fflush(nil)
                let answer = readLine()?.lowercased() ?? ""
                return answer == "y" || answer == "yes"
            }
            switch outcome {
            case .notHeld: Out.line("\(context.repository.name): no run holds the migration lock")
            case .broken(let holder, let why): Out.line("\(context.repository.name): broke the migration lock of \(holder.owner) (\(why))")
            }
        }
    }
}
