public import Foundation

/// One moderation action on record: who did what to whom, where, why, for how long, and what
/// the network made of it. Cases are numbered per community and never deleted; a changed
/// reason is kept beside the old one.
public struct ModerationCase: Sendable, Hashable, Identifiable {
    /// What was done.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case note
        case warn
        case mute
        case unmute
        case kick
        case ban
        case unban
        /// Automatic moderation noticed something and only told the member.
        case automod
    }

    /// Whether a timed or lasting action still holds.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Nothing to lift (notes, warnings, kicks, lifts themselves).
        case done
        /// A mute or ban in force.
        case active
        /// A mute or ban lifted (by expiry, `!unmute`/`!unban` or an accepted appeal).
        case lifted
        /// The network refused the action or the agent could not perform it.
        case failed
    }

    /// Sequential within the community, from 1.
    public let id: Int
    public var kind: Kind
    public var network: String
    /// The channel it happened in, if any.
    public var channel: String?
    /// The account the network vouched for, when it did.
    public var targetAccount: String?
    /// The nick as seen at the time.
    public var targetNick: String
    /// `user@host` as seen at the time, when known.
    public var targetHost: String?
    /// The moderator's account, or `automod`.
    public var actor: String
    public var reason: String
    /// How long a mute or ban lasts; nil for ever.
    public var duration: TimeInterval?
    public var createdAt: Date
    /// When a timed action is due to be lifted.
    public var expiresAt: Date?
    public var state: State
    /// What was set on the network (`+b R:alice`), so lifting removes exactly that.
    public var applied: String?
    /// When it was actually lifted, and how (`expiry`, `case 12`, `appeal`).
    public var liftedAt: Date?
    public var liftedBy: String?
    /// Why the network action failed, when it did.
    public var failure: String?
    /// The rule that caused it: an escalation step or an automod rule.
    public var rule: String?
}

/// A reason as it was before an edit.
public struct CaseEdit: Sendable, Hashable {
    public var caseID: Int
    public var editor: String
    public var previousReason: String
    public var newReason: String
    public var at: Date
}

/// A member's appeal against one of their cases.
public struct Appeal: Sendable, Hashable {
    /// Where an appeal stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case open
        case accepted
        case rejected
    }

    public var caseID: Int
    public var member: Identity
    public var text: String
    public var status: Status
    public var decidedBy: String?
    public var note: String?
    public var createdAt: Date
    public var decidedAt: Date?
}

/// Why a moderation record could not be changed.
public enum ModerationError: Error, Sendable, Hashable {
    /// No case has that number.
    case noSuchCase(Int)
    /// The member already appealed this case.
    case alreadyAppealed(Int)
    /// The case is not the member's own.
    case notYourCase(Int)
    /// The case has no open appeal.
    case noOpenAppeal(Int)
    /// The case cannot be appealed (a note, or a lift).
    case notAppealable(Int)
}
