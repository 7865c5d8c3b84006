#if canImport(Glibc)
import Glibc
#endif

/// What a thread runs (not generic: a C thread function cannot name a generic parameter).
public class BackgroundWork: @unchecked Sendable {
    func run() {}

    /// Starts `run()` on a thread of its own; nil when no thread could be made.
    func spawn() -> pthread_t? {
        let box = Unmanaged.passRetained(self).toOpaque()
        var t = pthread_t()
        let started = pthread_create(&t, nil, { raw in
            let me = Unmanaged<BackgroundWork>.fromOpaque(raw!).takeRetainedValue()
            me.run()
            return nil
        }, box)
        if started == 0 { return t }
        Unmanaged<BackgroundWork>.fromOpaque(box).release()
        return nil
    }
}

/// A value computed on a thread of its own while the caller goes on, waited for when first read.
/// The thread is joined at the latest when the value is dropped, so it never outlives its owner.
public final class BackgroundValue<T: Sendable>: BackgroundWork, @unchecked Sendable {
    private let work: @Sendable () -> T
    private var result: T?
    private var thread: pthread_t?

    public init(_ work: @escaping @Sendable () -> T) {
        self.work = work
        super.init()
        thread = spawn()
        // No thread to be had: compute it here instead.
        if thread == nil { result = work() }
    }

    override func run() { result = work() }

    /// The value, once the thread has made it.
    public var value: T {
        if let t = thread {
            pthread_join(t, nil)
            thread = nil
        }
        return result!
    }

    deinit {
        if let t = thread { pthread_join(t, nil) }
    }
}
