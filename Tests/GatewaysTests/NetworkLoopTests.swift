import Foundation
import Gateways
import Synchronization
import Testing

/// The per-network thread: the gateway's executor, its commands' preferred executor and its
/// socket's I/O in one place.
@Suite("Network loop")
struct NetworkLoopTests {
    /// An actor that runs on a given loop, as the IRC gateway does.
    actor OnLoop {
        let loop: NetworkLoop
        var seen: [Int] = []
        init(_ loop: NetworkLoop) { self.loop = loop }
        nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

        func record(_ value: Int) -> Bool {
            seen.append(value)
            return loop.isCurrent
        }
    }

    /// The names of this process's threads, from `/proc`.
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .newlines) }
    }

    /// Runs `body` as a task that prefers `loop`, failing the test (instead of hanging it) when
    /// the task has not finished within `seconds`: a stuck task is left behind, not awaited.
    static func onLoop<T: Sendable>(
        _ loop: NetworkLoop, within seconds: Double = 5, _ body: @escaping @Sendable () async -> T
    ) async -> T? {
        let result = Outcome<T>()
        Task(executorPreference: loop) {
            let value = await body()
            result.value.withLock { $0 = value }
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let value = result.value.withLock({ $0 }) { return value }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// A value a task delivers (nil until it does).
    final class Outcome<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }

    @Test func anActorAndThePreferringTasksRunOnTheLoopsThreadInOrder() async throws {
        let loop = NetworkLoop(name: "nl-order")
        defer { loop.stop() }
        let actor = OnLoop(loop)
        #expect(!loop.isCurrent)
        var onThread = true
        for value in 0..<200 { onThread = await actor.record(value) && onThread }
        #expect(onThread)
        #expect(await actor.seen == Array(0..<200))
        // Nonisolated code of a task that prefers the loop runs there too, and so does the
        // actor's code it calls (enqueued from the loop's own thread, without a wake).
        let both = await Self.onLoop(loop) { (loop.isCurrent, await actor.record(200)) }
        #expect(both?.0 == true)
        #expect(both?.1 == true)
        #expect(Self.threadNames().contains("nl-order"))
    }

    /// A nonisolated async function that really is async (its caller cannot inline it).
    @inline(never) static func step(_ value: Int) async -> Int { value + 1 }

    @Test func nonisolatedCallsOfAPreferringTaskCostNoJobs() async throws {
        // Run as if isolated to the loop's actor, every nonisolated call would hop (a job
        // each, which was 46 jobs per `!echo`); as the task executor, calls run inline.
        let loop = NetworkLoop(name: "nl-inline")
        defer { loop.stop() }
        let actor = OnLoop(loop)
        let jobs = await Self.onLoop(loop) { () -> Int in
            _ = await actor.record(0)  // The thread is up and the actor has run once.
            let before = loop.jobsRun
            var value = 0
            for _ in 0..<100 { value = await Self.step(value) }
            precondition(value == 100)
            return loop.jobsRun - before
        }
        let count = try #require(jobs)
        #expect(count < 10, "100 nonisolated calls took \(count) jobs")
        // An actor's call still runs on the loop, as a job of its own and one back.
        let actorJobs = await Self.onLoop(loop) { () -> Int in
            let before = loop.jobsRun
            _ = await actor.record(1)
            return loop.jobsRun - before
        }
        #expect((actorJobs ?? 0) >= 1)
    }

    @Test func jobsQueuedFromManyThreadsAtOnceAllRun() async throws {
        let loop = NetworkLoop(name: "nl-many")
        defer { loop.stop() }
        let actor = OnLoop(loop)
        await withTaskGroup(of: Void.self) { group in
            for value in 0..<2000 { group.addTask { _ = await actor.record(value) } }
        }
        #expect(await actor.seen.sorted() == Array(0..<2000))
    }

    /// A connection closed from the loop's own thread ends at the loop's next look, which
    /// resumes the reader from that thread: the loop must run it before it sleeps (it once
    /// slept forever, and a SIGTERM never finished).
    @Test func aConnectionClosedFromTheLoopEndsItsLinesWithoutAnotherWake() async throws {
        let server = try FakeIRCServer(welcome: false)
        defer { server.stop() }
        let loop = NetworkLoop(name: "nl-close")
        defer { loop.stop() }
        let connection = try await LineConnection.connect(
            to: .init(host: "127.0.0.1", port: server.port, connectTimeout: 2), loop: loop)
        try await server.waitUntil { server.accepted == 1 }
        let ended = await Self.onLoop(loop) {
            connection.send(Array("NICK x\r\n".utf8))
            connection.close(flushTimeout: 1)
            for await _ in connection.lines {}
            return connection.closeReason
        }
        #expect(ended == "closed by the agent")
        try await server.waitUntil { server.lines.contains("NICK x") }
    }

    @Test func afterStopTheThreadEndsAndALaterJobStartsAnother() async throws {
        let loop = NetworkLoop(name: "nl-stop")
        #expect(await Self.onLoop(loop) { loop.isCurrent } == true)
        loop.stop()
        let deadline = ContinuousClock.now + .seconds(5)
        while Self.threadNames().contains("nl-stop"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!Self.threadNames().contains("nl-stop"))
        // Nothing queued is stranded: a new thread serves it (and ends again, still stopped).
        #expect(await Self.onLoop(loop) { loop.isCurrent } == true)
    }

    /// Stop and reload signals belong to the main thread's signal sources: a loop started by a
    /// thread that lets SIGTERM through must still block it (or it swallows the signal, whose
    /// disposition is "ignore").
    /// A job that computes without yielding holds up the whole network: the loop says so from
    /// another thread while it lasts, and is quiet again once the thread gets back to waiting.
    @Test func aJobThatNeverYieldsIsReportedWhileItLasts() async throws {
        let loop = NetworkLoop(name: "nl-stall")
        defer { loop.stop() }
        let reports = Mutex<[Duration]>([])
        loop.reportStalls(after: .milliseconds(100), every: .milliseconds(20)) { busy in
            reports.withLock { $0.append(busy) }
        }
        #expect(await Self.onLoop(loop) { loop.isCurrent } == true)
        #expect(reports.withLock { $0 }.isEmpty)
        let spun = await Self.onLoop(loop) {
            // No await inside: the thread is held for 400 ms.
            let end = ContinuousClock.now + .milliseconds(400)
            var turns = 0
            while ContinuousClock.now < end { turns += 1 }
            return turns
        }
        #expect((spun ?? 0) > 0)
        let seen = reports.withLock { $0 }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0 > .milliseconds(100) && $0 < .seconds(5) })
        // Back to waiting: no turn in progress, nothing more reported.
        let deadline = ContinuousClock.now + .seconds(5)
        while loop.busyFor != nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(loop.busyFor == nil)
        let count = reports.withLock { $0.count }
        try await Task.sleep(for: .milliseconds(100))
        #expect(reports.withLock { $0.count } == count)
    }

    /// What a task on the loop saw of its thread's signal mask (nil until it ran).
    final class Blocked: Sendable {
        let value = Mutex<Bool?>(nil)
    }

    /// Starts a task on `loop` (from the calling thread) that records whether SIGTERM and
    /// SIGHUP are blocked there.
    static func recordSignalMask(on loop: NetworkLoop, into blocked: Blocked) {
        Task(executorPreference: loop) {
            var current = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &current)
            let value = sigismember(&current, SIGTERM) == 1 && sigismember(&current, SIGHUP) == 1
            blocked.value.withLock { $0 = value }
        }
    }

    @Test func theLoopsThreadBlocksTheStopSignals() async throws {
        let loop = NetworkLoop(name: "nl-signals")
        defer { loop.stop() }
        let blocked = Blocked()
        let starter = Thread {
            var open = sigset_t()
            sigemptyset(&open)
            sigaddset(&open, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &open, nil)
            Self.recordSignalMask(on: loop, into: blocked)
        }
        starter.start()
        let deadline = ContinuousClock.now + .seconds(5)
        while blocked.value.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(blocked.value.withLock { $0 } == true)
    }
}
