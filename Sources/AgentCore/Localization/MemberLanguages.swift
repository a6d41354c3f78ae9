/// Where the router finds the language an identified member chose (the member profile).
public protocol MemberLanguages: Sendable {
    /// The member's own choice, or nil when they made none.
    func language(of speaker: Speaker) async -> Language?
}

/// A `MemberLanguages` made from a closure.
struct ClosureMemberLanguages: MemberLanguages {
    let resolve: @Sendable (Speaker) async -> Language?

    func language(of speaker: Speaker) async -> Language? { await resolve(speaker) }
}
