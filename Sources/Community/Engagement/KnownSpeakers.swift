/// The members who have spoken in each channel on the days loaded, as folded so far — read
/// from the chat log once per day, then kept up to date by each fold. Forgotten whole when a
/// transaction that changed it rolls back, when a member's chat is rewritten, or when the log
/// was folded by someone else since.
struct KnownSpeakers {
    /// The last chat-log batch folded into what is known here (nil: nothing yet).
    var foldedThrough: Int64?
    private(set) var loadedDays: Set<String> = []
    private var byChannelDay: [ChannelDay: Set<Int64>] = [:]

    /// Takes what was read from the log for `days`.
    mutating func load(_ speakers: [ChannelDay: Set<Int64>], days: Set<String>) {
        byChannelDay.merge(speakers) { $0.union($1) }
        loadedDays.formUnion(days)
    }

    /// Forgets all but the `count` latest days (read again from the log when needed).
    mutating func keepLatestDays(_ count: Int) {
        guard loadedDays.count > count else { return }
        let kept = Set(loadedDays.sorted().suffix(count))
        byChannelDay = byChannelDay.filter { kept.contains($0.key.day) }
        loadedDays = kept
    }

    /// Adds `members` to `key`'s speakers; returns how many were new.
    mutating func add(_ members: Set<Int64>, to key: ChannelDay) -> Int {
        let before = byChannelDay[key]?.count ?? 0
        byChannelDay[key, default: []].formUnion(members)
        return (byChannelDay[key]?.count ?? 0) - before
    }
}
