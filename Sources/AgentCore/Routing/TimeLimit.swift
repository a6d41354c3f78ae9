import Synchronization

/// Runs work with a time limit, without waiting for work that ignores cancellation.
enum TimeLimit {
    /// The work did not finish in time; it was cancelled and left to end on its own.
    struct Exceeded: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(seconds) s" }
    }

    /// Resumes a continuation once, whoever comes first.
    private final class Race<T: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<Result<T, any Error>, Never>?>(nil)

        func start(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
            self.continuation.withLock { $0 = continuation }
        }

        func finish(_ result: Result<T, any Error>) {
            let waiting = continuation.withLock { stored in
                defer { stored = nil }
                return stored
            }
            waiting?.resume(returning: result)
        }
    }

    /// Returns `body`'s result, or throws `Exceeded` once `seconds` have passed (the body is
    /// cancelled then, and whatever it returns later is discarded).
    static func run<T: Sendable>(
        seconds: Double, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        let work = Mutex<Task<Void, Never>?>(nil)
        let timer = Mutex<Task<Void, Never>?>(nil)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            race.start(continuation)
            work.withLock { task in
                task = Task {
                    do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
                }
            }
            timer.withLock { task in
                task = Task {
                    try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                    if !Task.isCancelled { race.finish(.failure(Exceeded(seconds: seconds))) }
                }
            }
        }
        timer.withLock { $0?.cancel() }
        if case .failure(let error) = result, error is Exceeded { work.withLock { $0?.cancel() } }
        return try result.get()
    }
}
