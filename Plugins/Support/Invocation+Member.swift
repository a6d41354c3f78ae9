public import AgentCore
public import Community
public import Foundation

extension Invocation {
    /// The member who typed the command; throws the standard "identify first" reply when the
    /// network vouches for no account.
    public func member() throws(UserError) -> Identity {
        Identity(network: speaker.network, account: try requireAccount())
    }
}

/// How dates and access periods are written in replies, the same in every plugin.
public enum ReplyDates {
    /// `2026-12-01`, the calendar day in `zone` (the community's, unless a member has their own).
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: zone).year().month().day())
    }

    /// `until 2026-12-01`, or `no end date` when `end` is nil.
    public static func until(_ end: Date?, in zone: TimeZone) -> String {
        end.map { "until \(day($0, in: zone))" } ?? "no end date"
    }
}
