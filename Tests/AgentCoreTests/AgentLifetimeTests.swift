import AgentCore
import AgentTesting
import Foundation
import Testing

/// A plugin that plans runs of its own job, as the events plugin does for reminders.
private struct PlanningPlugin: Plugin {
    static let id = "planning"
    let planner: JobPlanner? = JobPlanner()

    var commands: [Command] {
        Command("plan", summary: "Plans a run.", examples: [Example("!plan", replies: "planned")]) { call in
            try await planner?.scheduleOnce("planning.run", at: call.time, key: "one")
            return .text("planned")
        }
    }

    var jobs: [Job] { [Job(oneOff: "planning.run") { _ in _ = planner }] }
}

/// An agent that is let go must take its router, scheduler and database with it: the built-in
/// commands refer to the agent's info and a plugin's jobs to its planner, and neither may hold
/// the agent's parts in a cycle.
@Suite("Agent lifetime")
struct AgentLifetimeTests {
    @Test func aReleasedTestAgentReleasesItsRouterAndScheduler() async throws {
        weak var router: Router?
        weak var scheduler: Scheduler?
        let plugin = PlanningPlugin()
        do {
            let agent = try await TestAgent([plugin])
            #expect(await agent.send("!plan") == ["planned"])
            router = agent.router
            scheduler = agent.scheduler
        }
        #expect(router == nil)
        #expect(scheduler == nil)
        // The plugin outlives the agent; planning now says so instead of reviving it.
        await #expect(throws: JobPlanner.NotRunning.self) {
            try await plugin.planner?.scheduleOnce("planning.run", at: Date(), key: "two")
        }
    }
}
