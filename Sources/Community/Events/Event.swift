public import Foundation

/// One community event: a talk, a study session, office hours.
public struct Event: Sendable, Hashable, Identifiable {
    /// Whether it is still to happen.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case scheduled
        case cancelled
        case done
    }

    /// Short and easy to type (`k7mq`); lower case.
    public let id: String
    public var title: String
    public var description: String
    /// When it starts and ends (instants; shown in each reader's zone).
    public var start: Date
    public var end: Date
    /// The network its channels are on.
    public var network: String
    /// Where it is announced and reminded (`#study`), at least one.
    public var channels: [String]
    /// How many may say yes before the waitlist starts; nil for no limit.
    public var capacity: Int?
    /// Who runs it.
    public var host: Identity?
    /// The course it belongs to, if any.
    public var course: String?
    public var status: Status
    /// Lower-case topic words, for `!events <tag>`, nudges and recommendations.
    public var tags: [String]
    /// Why it was cancelled, when it was.
    public var cancelReason: String?
    /// Bumped on every change people should see (iCalendar's SEQUENCE).
    public var revision: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The length of the event.
    public var duration: TimeInterval { end.timeIntervalSince(start) }
}

/// What a moderator gives to create an event.
public struct EventDraft: Sendable, Hashable {
    public var title: String
    public var description: String = ""
    public var start: Date
    public var duration: TimeInterval = 3600
    public var network: String
    public var channels: [String]
    public var capacity: Int?
    public var host: Identity?
    public var course: String?
    public var tags: [String] = []

    /// A draft with the required parts; the rest can be set on the value.
    public init(title: String, start: Date, network: String, channels: [String]) {
        self.title = title
        self.start = start
        self.network = network
        self.channels = channels
    }
}

/// A member's answer to an event.
public enum RSVPAnswer: String, Sendable, Hashable, CaseIterable {
    case yes
    case no
    case maybe
}

/// One member's RSVP as stored: who, how to reach them, the answer, and their place on the
/// waitlist when they said yes to a full event.
public struct RSVP: Sendable, Hashable {
    public var member: Member
    /// The identity they answered with (where private messages go).
    public var identity: Identity
    public var answer: RSVPAnswer
    /// Their place in line (1 = next), or nil when not waiting.
    public var waitlistPlace: Int?
    public var updatedAt: Date
}

/// What an RSVP did.
public struct RSVPOutcome: Sendable, Hashable {
    /// How the member stands now.
    public enum Standing: Sendable, Hashable {
        case going
        /// On the waitlist at this place (1 = next).
        case waitlisted(place: Int)
        case maybe
        case notGoing
    }

    public var standing: Standing
    /// Whether the answer was the one already stored.
    public var unchanged: Bool
    /// Members moved from the waitlist to going because this answer freed a place.
    public var promoted: [RSVP]
}

/// Counts of answers for one event.
public struct RSVPCounts: Sendable, Hashable {
    public var going = 0
    public var maybe = 0
    public var notGoing = 0
    public var waitlisted = 0

    /// No answers yet.
    public init() {}
}

/// Why an event operation was refused.
public enum EventError: Error, Sendable, Hashable {
    /// No event has that id.
    case notFound(String)
    /// The event was cancelled.
    case cancelled(Event)
    /// The event has already started or ended.
    case over(Event)
}
