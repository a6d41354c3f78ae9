import AgentCore
import Community

extension ParameterKind where Value == Event {
    /// An event id (any case), checked against the stored events; an unknown one gets "There is
    /// no event …" with a pointer to `!events`.
    static func event(in events: EventService) -> ParameterKind<Event> {
        ParameterKind(expected: "an event id such as k7mq".zh("活动编号，例如 k7mq")) {
            word, context throws(ArgumentProblem) in
            let found: Event?
            do {
                found = try await events.event(word)
            } catch {
                throw .unavailable(reason: "\(error)")
            }
            guard let found else {
                throw .notFound(
                    Events.messages.text(
                        "event.notFound", ["id": .quoted(word), "prefix": .text(context.prefix)],
                        in: context.language))
            }
            return found
        }
    }
}
