import AgentCore
import AgentTesting
import Foundation
import Synchronization
import Testing

/// A command that overruns its time limit and ignores cancellation, as a plugin stuck on a
/// call with no timeout of its own would.
struct StubbornPlugin: Plugin {
    static let id = "stubborn"

    var commands: [Command] {
        Command(
            "stubborn", summary: "Answers after 3 s, whatever happens.",
            examples: [Example("!stubborn", matches: "Sorry, !stubborn took too long .*")]
        ) { _ in
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + 3) { continuation.resume() }
            }
            return .text("too late")
        }
    }
}

@Suite("Commands that overrun their time limit")
struct OverrunTests {
    @Test func theOverrunIsAnsweredAtTheLimitAndThePersonsNextCommandGoesOnInOrder() async throws {
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.handlerTimeout = 0.3
        let bot = try await TestAgent([StubbornPlugin()], settings: settings)
        let router = bot.router
        let dispatcher = EventDispatcher { event in await router.process(event) }
        let alice = Speaker(network: "test", nick: "alice")
        let privately = Conversation.privateChat(with: "alice", on: "test")
        for text in ["!stubborn", "!ping"] {
            await dispatcher.submit(.message(from: alice, in: privately, text: text, time: nil))
        }
        // Both answers well before the stubborn work ends (3 s): the limit's answer first.
        let deadline = ContinuousClock.now + .seconds(2.5)
        while bot.outlet.requests.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let lines = bot.outlet.requests.compactMap { request -> String? in
            if case .say(_, let text) = request { return text }
            return nil
        }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("Sorry, !stubborn took too long to answer (error ") == true)
        #expect(lines.last == "pong")
        #expect(dispatcher.outstanding == 0)
        #expect(bot.logs.entries.contains { $0.message == "command took too long" && $0.metadata["error_id"] != nil })
        // When the stubborn work finally returns, what it says is dropped, and the lane is fine.
        try await Task.sleep(for: .seconds(3.2))
        #expect(
            !bot.outlet.requests.contains { request in
                if case .say(_, let text) = request { return text == "too late" }
                return false
            })
        await dispatcher.submit(.message(from: alice, in: privately, text: "!ping", time: nil))
        await dispatcher.waitUntilIdle()
        #expect(bot.outlet.requests.count == 3)
        #expect(dispatcher.outstanding == 0)
    }
}
