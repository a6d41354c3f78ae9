public import Foundation

/// Reads the times people type — `2026-12-01 20:00`, `tomorrow 8pm`, `in 90 minutes`, `fri 20:00`,
/// `明晚8点`, `下周一 上午9点`, `3小时后`, `12月1日 20:00` … — into one instant in a zone, or says
/// what it would have to guess (`TimeProblem`). One parser for every command that takes a time.
///
/// Rules: a time without a day is today, or tomorrow once it has passed; a weekday alone is
/// the coming one (today while the time is still ahead); `next <weekday>` and `下周X` are that
/// day of next week (weeks start on Monday); a month and day without a year is the next such
/// day. A time in the past, a day that does not exist, a time that the zone's clocks skip or
/// show twice, `01/02` and an hour with no morning or evening are all questions, never guesses.
public struct TimeParser: Sendable {
    /// The zone the text is read in.
    public var zone: TimeZone
    /// The present moment.
    public var now: Date

    /// A parser for text typed at `now` by someone in `zone`.
    public init(zone: TimeZone, now: Date) {
        self.zone = zone
        self.now = now
    }

    /// The instant the text names.
    public func resolve(_ text: String) throws(TimeProblem) -> Date {
        let reading = try read(text)
        if let seconds = reading.relativeSeconds {
            guard reading.day == nil, reading.clock == nil, seconds > 0 else { throw .unrecognized(text) }
            return now.addingTimeInterval(seconds)
        }
        let today = WallClock(now, in: zone)
        guard let clock = reading.clock else {
            guard let day = try reading.day.map({ (day) throws(TimeProblem) in try date(of: day, today: today) })
            else { throw .unrecognized(text) }
            throw .missingTime(day)
        }
        var wall: WallClock
        if let day = reading.day {
            let date = try date(of: day, today: today, hour: clock.hour, minute: clock.minute)
            wall = date.at(hour: clock.hour, minute: clock.minute)
        } else {
            wall = today.at(hour: clock.hour, minute: clock.minute)
            if wall <= today { wall = wall.adding(days: 1) }
        }
        if wall.hour == 24 { wall = wall.adding(days: 1).at(hour: 0, minute: wall.minute) }
        let instant: Date
        if let offset = reading.offset {
            instant = Date(timeIntervalSince1970: TimeInterval(wall.secondsAsUTC - offset))
        } else {
            let instants = wall.instants(in: zone)
            switch instants.count {
            case 0:
                // Read with the offset after the change the time lands just past the gap, with
                // the offset before it just short of it.
                let local = TimeInterval(wall.secondsAsUTC)
                let offsetBefore = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - 86_400))
                let offsetAfter = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + 86_400))
                throw .skipped(
                    wall, zone: zone,
                    before: WallClock(Date(timeIntervalSince1970: local - TimeInterval(offsetAfter)), in: zone),
                    after: WallClock(Date(timeIntervalSince1970: local - TimeInterval(offsetBefore)), in: zone))
            case 1: instant = instants[0]
            default: throw .repeated(wall, zone: zone, first: instants[0], second: instants[instants.count - 1])
            }
        }
        guard instant > now else { throw .past(instant) }
        return instant
    }

    /// A time of day alone (`09:00`, `8pm`, `上午9点`) as hour and minute on the 24-hour clock.
    public static func timeOfDay(_ text: String) throws(TimeProblem) -> (hour: Int, minute: Int) {
        let reading = try TimeParser(zone: .gmt, now: Date(timeIntervalSince1970: 0)).read(text)
        guard reading.day == nil, reading.relativeSeconds == nil, reading.offset == nil, let clock = reading.clock,
            clock.hour < 24
        else { throw .unrecognized(text) }
        return (clock.hour, clock.minute)
    }

    // MARK: Reading the words

    /// A day as typed, before it is placed on the calendar.
    enum Day: Hashable {
        case date(year: Int?, month: Int, day: Int)
        case offset(days: Int)
        /// 1 = Monday … 7 = Sunday; `week` nil: the coming one, 0: this week, 1: next week…
        case weekday(Int, week: Int?)
    }

    /// A time of day as typed: the hour may still need its half of the day.
    struct Clock: Hashable {
        var hour: Int
        var minute: Int
    }

    /// What the words of a text said.
    struct Reading {
        var day: Day?
        var clock: Clock?
        var relativeSeconds: Double?
        var offset: Int?
        /// The half of the day a word gave (上午, 晚上, pm, tonight…) before the hour came.
        var half: Half?
    }

    enum Half { case morning, noon, afternoon, evening }

    private func read(_ text: String) throws(TimeProblem) -> Reading {
        var rest = Substring(Self.normalized(text))
        var reading = Reading()
        var pendingHour: (hour: Int, minute: Int, explicit: Bool)?
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            guard !rest.isEmpty else { break }
            if let match = rest.prefixMatch(of: Self.noise) {
                rest = rest[match.range.upperBound...]
                continue
            }
            if let (seconds, remainder) = Self.relative(rest) {
                reading.relativeSeconds = (reading.relativeSeconds ?? 0) + seconds
                rest = remainder
                continue
            }
            if let (day, half, remainder) = try Self.day(rest) {
                guard reading.day == nil else { throw .unrecognized(text) }
                reading.day = day
                if let half { reading.half = half }
                rest = remainder
                continue
            }
            if let match = rest.prefixMatch(of: Self.halfWord) {
                reading.half = Self.half(of: String(match.output.1))
                rest = rest[match.range.upperBound...]
                continue
            }
            if let (hour, minute, explicit, half, remainder) = Self.clock(rest) {
                guard pendingHour == nil else { throw .unrecognized(text) }
                pendingHour = (hour, minute, explicit)
                if let half { reading.half = half }
                rest = remainder
                continue
            }
            if pendingHour != nil || reading.day != nil, let (offset, remainder) = Self.offset(rest) {
                reading.offset = offset
                rest = remainder
                continue
            }
            throw .unrecognized(text)
        }
        if let (hour, minute, explicit) = pendingHour {
            reading.clock = try Self.place(hour: hour, minute: minute, explicit: explicit, half: reading.half)
        } else if reading.half == .noon {
            reading.clock = Clock(hour: 12, minute: 0)
        }
        return reading
    }

    /// The hour on the 24-hour clock, from the hour as typed and the half of the day.
    private static func place(hour: Int, minute: Int, explicit: Bool, half: Half?) throws(TimeProblem) -> Clock {
        guard (0...24).contains(hour), (0..<60).contains(minute), hour < 24 || minute == 0 else {
            throw .unrecognized("\(hour):\(minute)")
        }
        switch half {
        case .morning?:
            return Clock(hour: hour == 12 ? 0 : hour, minute: minute)
        case .noon?:
            return Clock(hour: hour < 11 ? hour + 12 : hour, minute: minute)
        case .afternoon?, .evening?:
            return Clock(hour: hour < 12 ? hour + 12 : (hour == 12 && half == .evening ? 24 : hour), minute: minute)
        case nil:
            if !explicit, (1...12).contains(hour) { throw .morningOrEvening(hour: hour, minute: minute) }
            return Clock(hour: hour, minute: minute)
        }
    }

    /// Lower case, full-width digits and punctuation made plain, spaces collapsed.
    static func normalized(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: result.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30) ?? scalar)
            case 0xFF1A: result.append(":")
            case 0xFF0C, 0x3001: result.append(",")
            case 0x3000, 0x09: result.append(" ")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    // MARK: Relative times
    //
    // The patterns are literals without closures: nothing in them changes after they are built
    // (the regex engine compiles a literal once, atomically), so sharing them is safe even though
    // `Regex` as a type cannot promise `Sendable`.

    nonisolated(unsafe) private static let relativeEnglish =
        #/in\s+((?:(?:\d+(?:\.\d+)?|an?|half an?)\s*(?:weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)\s*(?:and\s+)?)+)(?=\s|$)/#
    nonisolated(unsafe) private static let relativePart =
        #/(\d+(?:\.\d+)?|an?|half an?)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)/#
    nonisolated(unsafe) private static let relativeChinese =
        #/(\d+(?:\.\d+)?|[零一二两三四五六七八九十]+|半)\s*(?:个)?\s*(半)?\s*(小时|钟头|分钟|分|天|周|星期|礼拜)(半)?\s*(?:后|以后|之后)/#

    private static func relative(_ text: Substring) -> (Double, Substring)? {
        if let match = text.prefixMatch(of: relativeEnglish) {
            var seconds = 0.0
            for part in match.output.1.matches(of: relativePart) {
                let amount: Double
                switch part.output.1 {
                case "a", "an": amount = 1
                case "half a", "half an": amount = 0.5
                default: amount = Double(part.output.1) ?? 0
                }
                seconds += amount * unitSeconds(String(part.output.2))
            }
            return (seconds, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: relativeChinese) {
            let word = String(match.output.1)
            var amount = word == "半" ? 0.5 : Double(word) ?? Double(chineseNumber(word) ?? 0)
            if match.output.2 != nil || match.output.4 != nil { amount += 0.5 }
            let unit: Double
            switch match.output.3 {
            case "小时", "钟头": unit = 3600
            case "分钟", "分": unit = 60
            case "天": unit = 86_400
            default: unit = 7 * 86_400
            }
            return (amount * unit, text[match.range.upperBound...])
        }
        return nil
    }

    private static func unitSeconds(_ unit: String) -> Double {
        switch unit.first {
        case "w": 7 * 86_400
        case "d": 86_400
        case "h": 3600
        default: 60
        }
    }

    // MARK: Days

    nonisolated(unsafe) private static let isoDate = #/(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:t|(?=\s|$|[^\d]))/#
    nonisolated(unsafe) private static let chineseDate = #/(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号號]?/#
    nonisolated(unsafe) private static let monthDay = #/(\d{1,2})-(\d{1,2})(?=\s|$)/#
    nonisolated(unsafe) private static let slashDate = #/(\d{1,2})/(\d{1,2})(?=\s|$)/#
    nonisolated(unsafe) private static let monthName =
        #/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?=\s|$|,)/#
    nonisolated(unsafe) private static let dayMonthName =
        #/(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?\s+(\d{4}))?(?=\s|$|,)/#
    nonisolated(unsafe) private static let englishWeekday =
        #/(?:(next|this)\s+)?(monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun)\.?(?=\s|$|,)/#
    nonisolated(unsafe) private static let chineseWeekday = #/(下下个?|下个?|这个?|本|上个?)?(?:周|星期|礼拜|禮拜)([一二三四五六日天七])/#
    nonisolated(unsafe) private static let dayWord =
        #/(day after tomorrow|yesterday|昨天|tomorrow|tmrw|tmr|today|tonight|大后天|後天|后天|明天|明日|今天|今日|明晚|今晚|明早|今早)/#
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static func day(_ text: Substring) throws(TimeProblem) -> (Day, Half?, Substring)? {
        if let match = text.prefixMatch(of: isoDate), let year = Int(match.output.1), let month = Int(match.output.2),
            let day = Int(match.output.3)
        {
            return (.date(year: year, month: month, day: day), nil, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: chineseDate), let month = Int(match.output.2),
            let day = Int(match.output.3)
        {
            return (
                .date(year: match.output.1.flatMap { Int($0) }, month: month, day: day), nil,
                text[match.range.upperBound...]
            )
        }
        if let match = text.prefixMatch(of: monthDay), let month = Int(match.output.1), let day = Int(match.output.2) {
            return (.date(year: nil, month: month, day: day), nil, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: slashDate), let first = Int(match.output.1),
            let second = Int(match.output.2)
        {
            let rest = text[match.range.upperBound...]
            if first == second || second > 12 { return (.date(year: nil, month: first, day: second), nil, rest) }
            if first > 12 { return (.date(year: nil, month: second, day: first), nil, rest) }
            throw .dayOrMonth(first: first, second: second)
        }
        if let match = text.prefixMatch(of: monthName), let month = months.firstIndex(of: String(match.output.1)),
            let day = Int(match.output.2)
        {
            return (
                .date(year: match.output.3.flatMap { Int($0) }, month: month + 1, day: day), nil,
                text[match.range.upperBound...]
            )
        }
        if let match = text.prefixMatch(of: dayMonthName), let month = months.firstIndex(of: String(match.output.2)),
            let day = Int(match.output.1)
        {
            return (
                .date(year: match.output.3.flatMap { Int($0) }, month: month + 1, day: day), nil,
                text[match.range.upperBound...]
            )
        }
        if let match = text.prefixMatch(of: englishWeekday),
            let index = weekdays.firstIndex(of: String(match.output.2.prefix(3)))
        {
            let week: Int? = match.output.1 == "next" ? 1 : match.output.1 == "this" ? 0 : nil
            return (.weekday(index + 1, week: week), nil, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: chineseWeekday) {
            let index =
                "一二三四五六".firstIndex(of: match.output.2.first ?? "日")
                .map { "一二三四五六".distance(from: "一二三四五六".startIndex, to: $0) + 1 } ?? 7
            let week: Int?
            switch match.output.1 {
            case nil: week = nil
            case "下下", "下下个": week = 2
            case "下", "下个": week = 1
            case "上", "上个": week = -1
            default: week = 0
            }
            return (.weekday(index, week: week), nil, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: dayWord) {
            let rest = text[match.range.upperBound...]
            switch match.output.1 {
            case "yesterday", "昨天": return (.offset(days: -1), nil, rest)
            case "today", "今天", "今日": return (.offset(days: 0), nil, rest)
            case "tonight", "今晚": return (.offset(days: 0), .evening, rest)
            case "今早": return (.offset(days: 0), .morning, rest)
            case "tomorrow", "tmrw", "tmr", "明天", "明日": return (.offset(days: 1), nil, rest)
            case "明晚": return (.offset(days: 1), .evening, rest)
            case "明早": return (.offset(days: 1), .morning, rest)
            case "day after tomorrow", "后天", "後天": return (.offset(days: 2), nil, rest)
            default: return (.offset(days: 3), nil, rest)
            }
        }
        return nil
    }

    /// Places a typed day on the calendar, seen from `today`; `hour`/`minute`, when known, decide
    /// whether a weekday that is today is still ahead.
    private func date(
        of day: Day, today: WallClock, hour: Int? = nil, minute: Int? = nil
    ) throws(TimeProblem)
        -> WallClock
    {
        switch day {
        case .offset(let days):
            return today.adding(days: days)
        case .weekday(let weekday, let week):
            let monday = today.adding(days: 1 - today.weekday)
            guard let week else {
                var ahead = (weekday - today.weekday + 7) % 7
                if ahead == 0, let hour, (hour, minute ?? 0) <= (today.hour, today.minute) { ahead = 7 }
                return today.adding(days: ahead)
            }
            return monday.adding(days: week * 7 + weekday - 1)
        case .date(let year, let month, let dayOfMonth):
            let chosenYear = year ?? today.year
            var candidate = WallClock(year: chosenYear, month: month, day: dayOfMonth)
            guard candidate.isValidDate || (year == nil && month == 2 && dayOfMonth == 29) else {
                throw .noSuchDay(month: month, day: dayOfMonth, year: chosenYear)
            }
            if year == nil, candidate.dayNumber < today.dayNumber { candidate.year += 1 }
            if year == nil, !candidate.isValidDate {
                // 29 February: the next year that has one.
                while !candidate.isValidDate { candidate.year += 1 }
                if candidate.dayNumber < today.dayNumber { candidate.year += 4 }
            }
            return candidate
        }
    }

    // MARK: Times of day

    nonisolated(unsafe) private static let halfWord =
        #/(上午|早上|早晨|清晨|凌晨|早|中午|下午|午后|傍晚|晚上|夜里|夜晚|晚|morning|afternoon|evening|night|noon|midday)/#
    nonisolated(unsafe) private static let colonTime =
        #/(\d{1,2})[:：](\d{2})(?::\d{2})?\s*(a\.?m\.?|p\.?m\.?)?(?=\s|$|,|\+|-|z)/#
    nonisolated(unsafe) private static let meridiemTime = #/(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?=\s|$|,)/#
    nonisolated(unsafe) private static let chineseTime =
        #/(\d{1,2}|[零一二两三四五六七八九十]+)\s*[点點时時](?:\s*(半|一刻|三刻|(\d{1,2})\s*分?|([零一二三四五六七八九十]+)\s*分?))?/#
    nonisolated(unsafe) private static let bareHour = #/(\d{1,2})(?=\s|$|,)/#
    nonisolated(unsafe) private static let wordTime = #/(midnight|noon)(?=\s|$|,)/#
    nonisolated(unsafe) private static let noise = #/(at|on|the|@|of|于|在)(?=\s|$)/#

    private static func half(of word: String) -> Half {
        switch word {
        case "中午", "noon", "midday": .noon
        case "下午", "午后", "afternoon": .afternoon
        case "傍晚", "晚上", "夜里", "夜晚", "晚", "evening", "night": .evening
        default: .morning
        }
    }

    /// An hour, its minutes, whether it was written unambiguously (24-hour, or with its half of
    /// the day), and the half of the day it carried.
    private static func clock(_ text: Substring) -> (Int, Int, Bool, Half?, Substring)? {
        if let match = text.prefixMatch(of: wordTime) {
            let rest = text[match.range.upperBound...]
            return match.output.1 == "noon" ? (12, 0, true, nil, rest) : (0, 0, true, nil, rest)
        }
        if let match = text.prefixMatch(of: colonTime), let hour = Int(match.output.1),
            let minute = Int(match.output.2)
        {
            let rest = text[match.range.upperBound...]
            guard let meridiem = match.output.3 else { return (hour, minute, true, nil, rest) }
            return (hour == 12 ? 0 : hour, minute, true, meridiem.first == "a" ? .morning : .afternoon, rest)
        }
        if let match = text.prefixMatch(of: meridiemTime), let hour = Int(match.output.1) {
            let half: Half = match.output.2.first == "a" ? .morning : .afternoon
            return (hour == 12 && half == .afternoon ? 12 : hour, 0, true, half, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: chineseTime),
            let hour = Int(match.output.1) ?? chineseNumber(String(match.output.1))
        {
            var minute = 0
            switch match.output.2 {
            case "半": minute = 30
            case "一刻": minute = 15
            case "三刻": minute = 45
            default:
                if let digits = match.output.3 {
                    minute = Int(digits) ?? 0
                } else if let words = match.output.4 {
                    minute = chineseNumber(String(words)) ?? 0
                }
            }
            return (hour, minute, true, nil, text[match.range.upperBound...])
        }
        if let match = text.prefixMatch(of: bareHour), let hour = Int(match.output.1) {
            return (hour, 0, hour == 0 || hour > 12, nil, text[match.range.upperBound...])
        }
        return nil
    }

    // MARK: Explicit offsets

    nonisolated(unsafe) private static let offsetPattern =
        #/(?:(z|utc|gmt)(?=\s|$)|(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?(?=\s|$))/#

    private static func offset(_ text: Substring) -> (Int, Substring)? {
        guard let match = text.prefixMatch(of: offsetPattern) else { return nil }
        let rest = text[match.range.upperBound...]
        if match.output.1 != nil { return (0, rest) }
        guard let hours = match.output.3.flatMap({ Int($0) }), hours <= 14 else { return nil }
        let minutes = match.output.4.flatMap { Int($0) } ?? 0
        let seconds = hours * 3600 + minutes * 60
        return (match.output.2 == "-" ? -seconds : seconds, rest)
    }

    /// 一 … 九十九 as a number (两 = 2, 十二 = 12, 二十 = 20).
    static func chineseNumber(_ text: String) -> Int? {
        let digits: [Character: Int] = [
            "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
        ]
        let characters = Array(text)
        guard !characters.isEmpty else { return nil }
        if let ten = characters.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : digits[characters[0]] ?? -1
            let ones = ten == characters.count - 1 ? 0 : digits[characters[ten + 1]] ?? -1
            guard tens >= 0, ones >= 0, characters.count <= 3 else { return nil }
            return tens * 10 + ones
        }
        guard characters.count == 1 else { return nil }
        return digits[characters[0]]
    }
}
