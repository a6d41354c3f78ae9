public import Foundation

/// A rule for something that repeats at a wall-clock time in a zone: `every monday 09:00`,
/// `every weekday 08:30`, `first friday of the month 20:00`, `last sunday of the month 10:00`,
/// `每周一 9:00`, `每天 8:00`, `每月最后一个周日 10:00`. A weekly 09:00 stays 09:00 across a
/// daylight-saving change.
public struct Recurrence: Sendable, Hashable, CustomStringConvertible {
    /// Which days it happens on.
    public enum Days: Sendable, Hashable {
        /// These weekdays of every week (1 = Monday … 7 = Sunday).
        case weekly(Set<Int>)
        /// The `ordinal`-th (1…4, or -1 for the last) `weekday` of every month.
        case monthly(ordinal: Int, weekday: Int)
    }

    public var days: Days
    public var hour: Int
    public var minute: Int
    /// The zone whose clocks the rule follows.
    public var zone: TimeZone

    /// Creates a rule.
    public init(days: Days, hour: Int, minute: Int, zone: TimeZone) {
        self.days = days
        self.hour = hour
        self.minute = minute
        self.zone = zone
    }

    private static let englishWeekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1]

    nonisolated(unsafe) private static let everyPattern =
        #/every\s+(day|weekday|weekend|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s*(?:,|and)\s*)?)+)\s+(.+)/#
    nonisolated(unsafe) private static let monthlyPattern =
        #/(first|second|third|fourth|last)\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+of\s+(?:the|every|each)\s+month\s+(.+)/#
    nonisolated(unsafe) private static let chineseWeekly = #/每(?:个)?(?:周|星期|礼拜)([一二三四五六日天、,]+)\s*(.+)/#
    nonisolated(unsafe) private static let chineseDaily = #/每(?:天|日|个工作日|工作日|逢周末|个周末|周末)\s*(.+)/#
    nonisolated(unsafe) private static let chineseMonthly =
        #/每(?:个)?月(?:的)?(第一个|第二个|第三个|第四个|最后一个)(?:周|星期|礼拜)([一二三四五六日天])\s*(.+)/#

    /// Reads a rule typed in `zone`; throws `.unrecognized` when the text is not a rule, or the
    /// time of day's own problem.
    public init(parsing text: String, zone: TimeZone) throws(TimeProblem) {
        let normalized = TimeParser.normalized(text)
        let chineseDays = Array("一二三四五六")
        func chineseWeekday(_ character: Character) -> Int { (chineseDays.firstIndex(of: character) ?? 6) + 1 }
        if let match = normalized.wholeMatch(of: Self.everyPattern) {
            let (hour, minute) = try TimeParser.timeOfDay(String(match.output.2))
            let set: Set<Int>
            switch match.output.1 {
            case "day": set = Set(1...7)
            case "weekday": set = Set(1...5)
            case "weekend": set = [6, 7]
            default:
                let words = match.output.1.split(whereSeparator: { $0 == " " || $0 == "," }).filter { $0 != "and" }
                set = Set(words.compactMap { Self.englishWeekdays.firstIndex(of: String($0.prefix(3))).map { $0 + 1 } })
            }
            self.init(days: .weekly(set), hour: hour, minute: minute, zone: zone)
        } else if let match = normalized.wholeMatch(of: Self.monthlyPattern),
            let ordinal = Self.ordinals[String(match.output.1)],
            let weekday = Self.englishWeekdays.firstIndex(of: String(match.output.2))
        {
            let (hour, minute) = try TimeParser.timeOfDay(String(match.output.3))
            self.init(days: .monthly(ordinal: ordinal, weekday: weekday + 1), hour: hour, minute: minute, zone: zone)
        } else if let match = normalized.wholeMatch(of: Self.chineseMonthly), let day = match.output.2.first {
            let ordinal = ["第一个": 1, "第二个": 2, "第三个": 3, "第四个": 4][String(match.output.1)] ?? -1
            let (hour, minute) = try TimeParser.timeOfDay(String(match.output.3))
            self.init(
                days: .monthly(ordinal: ordinal, weekday: chineseWeekday(day)), hour: hour, minute: minute, zone: zone)
        } else if let match = normalized.wholeMatch(of: Self.chineseWeekly) {
            let (hour, minute) = try TimeParser.timeOfDay(String(match.output.2))
            let set = Set(match.output.1.filter { $0 != "、" && $0 != "," }.map(chineseWeekday))
            self.init(days: .weekly(set), hour: hour, minute: minute, zone: zone)
        } else if let match = normalized.wholeMatch(of: Self.chineseDaily) {
            let (hour, minute) = try TimeParser.timeOfDay(String(match.output.1))
            let set: Set<Int> =
                normalized.contains("工作日") ? Set(1...5) : normalized.contains("周末") ? [6, 7] : Set(1...7)
            self.init(days: .weekly(set), hour: hour, minute: minute, zone: zone)
        } else {
            throw .unrecognized(text)
        }
        if case .weekly(let set) = days, set.isEmpty { throw .unrecognized(text) }
    }

    /// Whether a text is meant as a rule rather than one time (it starts with `every`, `每`, or
    /// an ordinal day of the month).
    public static func looksLikeRule(_ text: String) -> Bool {
        let normalized = TimeParser.normalized(text)
        return normalized.hasPrefix("every ") || normalized.hasPrefix("每")
            || ordinals.keys.contains { normalized.hasPrefix($0 + " ") }
    }

    /// The first time strictly after `date` the rule fires. A time the zone's clocks skip that
    /// day fires just after the gap; one they show twice fires the first time.
    public func next(after date: Date) -> Date {
        let start = WallClock(date, in: zone)
        for offset in 0...400 {
            let day = start.adding(days: offset)
            guard matches(day) else { continue }
            let wall = day.at(hour: hour, minute: minute)
            let instant: Date
            if let first = wall.instants(in: zone).first {
                instant = first
            } else {
                let local = TimeInterval(wall.secondsAsUTC)
                instant = Date(
                    timeIntervalSince1970: local
                        - TimeInterval(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - 86_400))))
            }
            if instant > date { return instant }
        }
        return date.addingTimeInterval(86_400 * 400)
    }

    private func matches(_ day: WallClock) -> Bool {
        switch days {
        case .weekly(let set):
            return set.contains(day.weekday)
        case .monthly(let ordinal, let weekday):
            guard day.weekday == weekday else { return false }
            if ordinal == -1 { return day.day + 7 > WallClock.daysIn(month: day.month, year: day.year) }
            return (day.day - 1) / 7 + 1 == ordinal
        }
    }

    /// The rule in the English form `init(parsing:zone:)` reads back: `every mon,thu 09:00`,
    /// `every weekday 08:30`, `last sun of the month 10:00`.
    public var description: String {
        let time = WallClock(year: 2000, month: 1, day: 1, hour: hour, minute: minute).description.suffix(5)
        switch days {
        case .weekly(let set):
            let name: String
            switch set {
            case Set(1...7): name = "day"
            case Set(1...5): name = "weekday"
            case [6, 7]: name = "weekend"
            default: name = set.sorted().map { Self.englishWeekdays[$0 - 1] }.joined(separator: ",")
            }
            return "every \(name) \(time)"
        case .monthly(let ordinal, let weekday):
            let word = Self.ordinals.first { $0.value == ordinal }?.key ?? "first"
            return "\(word) \(Self.englishWeekdays[weekday - 1]) of the month \(time)"
        }
    }

    /// The rule as a Chinese reader writes it, in a form `init(parsing:zone:)` also reads:
    /// `每周一、四 09:00`, `每个工作日 08:30`, `每月最后一个周日 10:00`.
    public var chineseDescription: String {
        let time = WallClock(year: 2000, month: 1, day: 1, hour: hour, minute: minute).description.suffix(5)
        let names = ["一", "二", "三", "四", "五", "六", "日"]
        switch days {
        case .weekly(let set):
            switch set {
            case Set(1...7): return "每天 \(time)"
            case Set(1...5): return "每个工作日 \(time)"
            case [6, 7]: return "每个周末 \(time)"
            default: return "每周" + set.sorted().map { names[$0 - 1] }.joined(separator: "、") + " \(time)"
            }
        case .monthly(let ordinal, let weekday):
            let word = ordinal == -1 ? "最后一个" : "第" + ["一", "二", "三", "四"][min(max(ordinal, 1), 4) - 1] + "个"
            return "每月\(word)周\(names[weekday - 1]) \(time)"
        }
    }
}
