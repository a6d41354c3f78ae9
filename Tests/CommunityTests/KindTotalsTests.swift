import Testing

@testable import Community

@Suite("Stored interaction totals")
struct KindTotalsTests {
    @Test func readsWhatItWritesInDeclarationOrder() throws {
        var totals = KindTotals()
        totals.add(3, atKindIndex: KindTotals.kinds.firstIndex(of: .command)!)
        totals.add(12, atKindIndex: KindTotals.kinds.firstIndex(of: .message)!)
        totals.add(1, atKindIndex: KindTotals.kinds.firstIndex(of: .thanks)!)
        #expect(totals.text == "message:12 command:3 thanks:1")
        #expect(KindTotals(text: totals.text) == totals)
        #expect(totals.byKind == [.message: 12, .command: 3, .thanks: 1])
        #expect(KindTotals(text: "")?.byKind == [:])
    }

    @Test func repeatedKindsAddUp() {
        #expect(KindTotals(text: "view:2 view:5")?.byKind == [.view: 7])
    }

    @Test func anythingElseIsRefused() {
        for text in ["message", "message:", "message:x", "unknown:1", ":4", "message:-1", "message:1,command:2"] {
            #expect(KindTotals(text: text) == nil, "\(text)")
        }
    }
}
