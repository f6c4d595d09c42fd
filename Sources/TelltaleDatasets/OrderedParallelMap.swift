import Foundation

/// Runs a function over items `0..<count` on worker threads and hands the
/// results to a consumer on the calling thread **in input order**, as soon as
/// each next result is ready.
///
/// At most `window` items are in flight at any moment — started by a worker
/// and not yet consumed (an item counts until `consume` returns for it) — so
/// memory is bounded by `window` results whatever `count` is: a worker that
/// would run further ahead of the consumer waits. With `window > workers`
/// every worker can be busy while the consumer handles the previous result; a
/// slow item stalls delivery (order is kept) but not the others' work, until
/// the window fills.
///
/// The transform cannot throw: encode failures in its result (e.g. a
/// `Result`). If the consumer throws, no new items are started, the running
/// ones are finished and discarded, the workers are joined and the error is
/// rethrown. The function returns only after every worker thread has exited.
public enum OrderedParallelMap {
    /// Calls `transform(i)` for every `i` in `0..<count` on `workers` threads
    /// and `consume(i, result)` on the calling thread in increasing `i`.
    ///
    /// - Parameters:
    ///   - workers: worker threads (clamped to `1...count`).
    ///   - window: the most items in flight (clamped to at least 1); defaults to `2 × workers`.
    public static func run<Result: Sendable>(
        count: Int,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        window: Int? = nil,
        transform: @escaping @Sendable (Int) -> Result,
        consume: (Int, Result) throws -> Void
    ) rethrows {
        precondition(count >= 0)
        guard count > 0 else { return }
        let threads = min(max(workers, 1), count)
        let state = State<Result>(count: count, window: max(window ?? 2 * threads, 1), workers: threads)
        for _ in 0..<threads {
            let thread = Thread { state.work(transform) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        do {
            for i in 0..<count {
                let result = state.take(i)
                try consume(i, result)
                state.consumed(i)
            }
            state.join()
        } catch {
            state.cancel()
            state.join()
            throw error
        }
    }

    /// Maps `items` in parallel and consumes the results in order; see
    /// ``run(count:workers:window:transform:consume:)``.
    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item],
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        window: Int? = nil,
        transform: @escaping @Sendable (Item) -> Result,
        consume: (Item, Result) throws -> Void
    ) rethrows {
        try run(count: items.count, workers: workers, window: window,
                transform: { transform(items[$0]) },
                consume: { try consume(items[$0], $1) })
    }

    /// The shared state. Every mutable field is read and written only while
    /// holding `condition`'s lock, which makes the `@unchecked Sendable` sound.
    private final class State<Result: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let count: Int
        private let window: Int
        private var nextToStart = 0
        private var nextToDeliver = 0
        private var ready: [Int: Result] = [:]
        private var cancelled = false
        /// Worker threads that have not exited yet (counted before they start).
        private var running: Int

        init(count: Int, window: Int, workers: Int) {
            self.count = count
            self.window = window
            self.running = workers
        }

        /// A worker's loop: claim the next index while the window allows, compute, publish.
        func work(_ transform: @Sendable (Int) -> Result) {
            while true {
                condition.lock()
                while !cancelled, nextToStart < count, nextToStart - nextToDeliver >= window {
                    condition.wait()
                }
                if cancelled || nextToStart >= count {
                    running -= 1
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let i = nextToStart
                nextToStart += 1
                condition.unlock()

                let result = transform(i)

                condition.lock()
                if !cancelled { ready[i] = result }
                condition.broadcast()
                condition.unlock()
            }
        }

        /// Waits for result `i` (the next in order) and removes it.
        func take(_ i: Int) -> Result {
            condition.lock()
            defer { condition.unlock() }
            while ready[i] == nil { condition.wait() }
            return ready.removeValue(forKey: i)!
        }

        /// Marks item `i` as consumed, which opens the window by one.
        func consumed(_ i: Int) {
            condition.lock()
            nextToDeliver = i + 1
            condition.broadcast()
            condition.unlock()
        }

        func cancel() {
            condition.lock()
            cancelled = true
            ready.removeAll()
            condition.broadcast()
            condition.unlock()
        }

        /// Waits until every worker thread has left its loop.
        func join() {
            condition.lock()
            while running > 0 { condition.wait() }
            condition.unlock()
        }
    }
}
