#if canImport(Glibc)
import Glibc
#endif

/// The passwords this process has read (from every database URL it parsed, as written and decoded), so
/// that whatever is written to the terminal can be cleaned of them: a last line of defence behind the
/// masking of URLs, for a message that quotes something a server or a library echoed.
public enum Secrets {
    nonisolated(unsafe) private static var known: [String] = []
    nonisolated(unsafe) private static var mutex = pthread_mutex_t()
    private static let ready: Bool = {
        pthread_mutex_init(&mutex, nil)
        return true
    }()

    /// Remembers a password (shorter than 3 characters: not, as it would blank ordinary text).
    public static func register(_ secret: String) {
        guard secret.count >= 3 else { return }
        _ = ready
        pthread_mutex_lock(&mutex)
        if !known.contains(secret) { known.append(secret) }
        pthread_mutex_unlock(&mutex)
    }

    /// `text` with every known password replaced by `***`.
    public static func scrub(_ text: String) -> String {
        _ = ready
        pthread_mutex_lock(&mutex)
        let secrets = known
        pthread_mutex_unlock(&mutex)
        var out = text
        for s in secrets.sorted(by: { $0.count > $1.count }) where out.containsBytes(s) {
            out = out.replacingAll(s, with: "***")
        }
        return out
    }
}
