public import Foundation

/// Why a typed time cannot be turned into one instant without guessing. Each case carries what a
/// clarifying question needs.
public enum TimeProblem: Error, Sendable, Hashable {
    /// Nothing in the text reads as a time.
    case unrecognized(String)
    /// `01/02`: either number could be the month.
    case dayOrMonth(first: Int, second: Int)
    /// A day without a time of day (`tomorrow`).
    case missingTime(WallClock)
    /// An hour from 1 to 12 with nothing saying morning or evening (`tomorrow 8`).
    case morningOrEvening(hour: Int, minute: Int)
    /// The day does not exist (`feb 30`).
    case noSuchDay(month: Int, day: Int, year: Int)
    /// Clocks in the zone skip this time (a DST gap); `before` and `after` are the wall-clock
    /// times just around the gap.
    case skipped(WallClock, zone: TimeZone, before: WallClock, after: WallClock)
    /// Clocks in the zone show this time twice (a DST fold): at `first` and at `second`.
    case repeated(WallClock, zone: TimeZone, first: Date, second: Date)
    /// The time has already passed.
    case past(Date)
}

/// A typed time read into one instant.
public struct ResolvedTime: Sendable, Hashable {
    /// The instant.
    public var date: Date
    /// The zone the text was read in.
    public var zone: TimeZone
}
