import Synchronization
import Testing

@testable import Gateways

/// The queue between a socket's reader and the task that handles its lines.
@Suite("Line batches")
struct LineBatchesTests {
    @Test func batchesArriveInOrderAndTheQueuedOnesOutliveTheFinish() async {
        let inbox = LineInbox()
        inbox.yield([[1]])
        inbox.yield([[2], [3]])
        inbox.finish()
        inbox.yield([[4]])  // after the finish: ignored
        var seen: [[[UInt8]]] = []
        for await batch in LineBatches(inbox: inbox) { seen.append(batch) }
        #expect(seen == [[[1]], [[2], [3]]])
    }

    @Test func aWaitingReaderGetsTheNextBatchThenTheEnd() async {
        let inbox = LineInbox()
        let reader = Task { () -> [[[UInt8]]] in
            var seen: [[[UInt8]]] = []
            for await batch in LineBatches(inbox: inbox) { seen.append(batch) }
            return seen
        }
        for value in UInt8(0)..<50 {
            inbox.yield([[value]])
            if value % 7 == 0 { await Task.yield() }
        }
        inbox.finish()
        #expect(await reader.value == (UInt8(0)..<50).map { [[$0]] })
    }

    @Test func cancellingTheReaderEndsItsIteration() async {
        let inbox = LineInbox()
        let started = Mutex(false)
        let reader = Task { () -> Int in
            var count = 0
            started.withLock { $0 = true }
            for await _ in LineBatches(inbox: inbox) { count += 1 }
            return count
        }
        while !started.withLock({ $0 }) { await Task.yield() }
        reader.cancel()
        #expect(await reader.value == 0)
        inbox.yield([[1]])  // nobody reads any more: dropped, not kept
    }
}
