public import Foundation

/// The kinds of member interaction recorded for the engagement model and the recommender.
public enum InteractionKind: String, Sendable, Hashable, CaseIterable {
    /// A line said in a channel.
    case message
    /// A command given to the agent.
    case command
    /// A course's details looked at.
    case view
    case subscribe
    case redeem
    case cancel
    /// A course marked completed.
    case complete
    case rsvp
    /// A course named in chat (its slug or title).
    case mention
    /// Thanks received from another member (`!thanks`).
    case thanks

    /// A chat line or a command: kept packed in the chat log, not a row each.
    public var isChat: Bool { self == .message || self == .command }
}

/// One interaction to record for an identity.
public struct InteractionRecord: Sendable, Hashable {
    public var kind: InteractionKind
    public var identity: Identity
    /// The course it concerns, if any (a slug).
    public var course: String?
    public var at: Date

    /// Describes one interaction.
    public init(_ kind: InteractionKind, of identity: Identity, course: String? = nil, at: Date) {
        self.kind = kind
        self.identity = identity
        self.course = course
        self.at = at
    }
}

/// One recorded interaction, with the member it was resolved to.
public struct RecordedInteraction: Sendable, Hashable {
    public var member: Member
    public var kind: InteractionKind
    public var course: String?
    public var at: Date
}
