public import Foundation

/// A date and time as a clock on the wall shows it, without a zone: what people type.
public struct WallClock: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int

    /// Creates a wall-clock time; `hour` 24 means midnight at the end of `day`.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// What the clocks in `zone` show at `date`.
    public init(_ date: Date, in zone: TimeZone) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let (days, rest) = Self.floorDivide(seconds, 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        self.init(year: year, month: month, day: day, hour: rest / 3600, minute: rest % 3600 / 60)
    }

    /// Whether the day exists in the proleptic Gregorian calendar (no 30 February).
    public var isValidDate: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
    }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of the date.
    public var dayNumber: Int { Self.days(year: year, month: month, day: day) }

    /// The weekday, 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int { (Self.floorDivide(dayNumber + 3, 7).1) + 1 }

    /// The same time of day `days` days later (earlier when negative).
    public func adding(days: Int) -> WallClock {
        let (year, month, day) = Self.civil(fromDays: dayNumber + days)
        return WallClock(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    /// The same date at `hour:minute`.
    public func at(hour: Int, minute: Int) -> WallClock {
        WallClock(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    /// Seconds since the epoch if this wall-clock time were UTC (hour 24 rolls over).
    var secondsAsUTC: Int { dayNumber * 86_400 + hour * 3600 + minute * 60 }

    /// Which instants in `zone` show this wall-clock time: one normally, none inside a gap
    /// (clocks jump forward), two inside a fold (clocks go back), earlier first.
    public func instants(in zone: TimeZone) -> [Date] {
        let local = secondsAsUTC
        var offsets: [Int] = []
        for probe in [-86_400, 0, 86_400] {
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + probe)))
            if !offsets.contains(offset) { offsets.append(offset) }
        }
        var found: [Date] = []
        for offset in offsets {
            let candidate = Date(timeIntervalSince1970: TimeInterval(local - offset))
            if zone.secondsFromGMT(for: candidate) == offset, !found.contains(candidate) { found.append(candidate) }
        }
        return found.sorted()
    }

    /// `2026-12-01 20:00`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute))"
    }

    public static func < (lhs: WallClock, rhs: WallClock) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute)
    }

    // Civil-calendar arithmetic (days from and to year/month/day), after H. Hinnant's algorithms.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400).0
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097).0
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }
}
