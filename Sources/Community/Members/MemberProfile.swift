public import Foundation
import Storage

/// What a member has told the community about themselves. Unset fields fall back to the
/// community's defaults (`ProfileDefaults`); `resolved(with:)` gives the values in force.
public struct MemberProfile: Sendable, Hashable {
    /// The member's IANA time zone.
    public var timeZone: TimeZone?
    /// The language replies should use: `en` or `zh`.
    public var language: String?
    /// Course tags they are interested in.
    public var interests: [String] = []
    /// The level they say they are at.
    public var level: CourseLevel?
    /// Whether the agent may send them activity nudges.
    public var nudges: Bool?
    /// Whether the agent may send them private reminders (access ending, events).
    public var reminders: Bool?

    /// An empty profile: everything from the defaults.
    public init() {}

    /// The profile with the community's defaults filled in.
    public func resolved(with defaults: ProfileDefaults) -> ResolvedProfile {
        ResolvedProfile(
            timeZone: timeZone ?? defaults.timeZone, language: language ?? defaults.language, interests: interests,
            level: level, nudges: nudges ?? defaults.nudges, reminders: reminders ?? defaults.reminders)
    }
}

/// The community's defaults for what a member has not set (from the configuration).
public struct ProfileDefaults: Sendable, Hashable {
    public var timeZone: TimeZone
    public var language: String
    public var nudges: Bool
    public var reminders: Bool

    /// Defaults: UTC, English, nudges off (members opt in), reminders on.
    public init(timeZone: TimeZone = .gmt, language: String = "en", nudges: Bool = false, reminders: Bool = true) {
        self.timeZone = timeZone
        self.language = language
        self.nudges = nudges
        self.reminders = reminders
    }
}

/// A profile with every value in force.
public struct ResolvedProfile: Sendable, Hashable {
    public var timeZone: TimeZone
    public var language: String
    public var interests: [String]
    public var level: CourseLevel?
    public var nudges: Bool
    public var reminders: Bool
}

extension MemberDirectory {
    /// The profile of the member behind `identity` (empty when they set nothing).
    public func profile(of identity: Identity) async throws -> MemberProfile {
        let member = try await self.member(of: identity)
        guard
            let row = try await database.first(
                "SELECT * FROM member_profile WHERE member_id = ?", [.integer(member.id)])
        else { return MemberProfile() }
        let reader = RowReader(row, table: "member_profile", key: "member_id")
        var profile = MemberProfile()
        if let zone = try reader.optionalText("time_zone") {
            guard let parsed = TimeZone(identifier: zone) else {
                throw CorruptRow(
                    table: "member_profile", id: reader.id, column: "time_zone", expected: "an IANA time zone",
                    found: "\"\(zone)\"")
            }
            profile.timeZone = parsed
        }
        profile.language = try reader.optionalText("language")
        profile.interests = try reader.text("interests").split(separator: " ").map(String.init)
        if try reader.optionalText("level") != nil { profile.level = try reader.value("level") }
        profile.nudges = try reader.optionalInteger("nudges").map { $0 != 0 }
        profile.reminders = try reader.optionalInteger("reminders").map { $0 != 0 }
        return profile
    }

    /// Changes the profile of the member behind `identity`; returns it as stored.
    @discardableResult
    public func updateProfile(
        of identity: Identity, _ change: (inout MemberProfile) -> Void
    ) async throws -> MemberProfile {
        var profile = try await self.profile(of: identity)
        change(&profile)
        let member = try await self.member(of: identity)
        try await database.execute(
            """
            INSERT INTO member_profile (member_id, time_zone, language, interests, level, nudges, reminders)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (member_id) DO UPDATE SET time_zone = excluded.time_zone, language = excluded.language,
                interests = excluded.interests, level = excluded.level, nudges = excluded.nudges,
                reminders = excluded.reminders
            """,
            [
                .integer(member.id), .text(profile.timeZone?.identifier), .text(profile.language),
                .text(profile.interests.joined(separator: " ")), .text(profile.level?.rawValue),
                profile.nudges.map(SQLValue.bool) ?? .null, profile.reminders.map(SQLValue.bool) ?? .null,
            ])
        return profile
    }
}
