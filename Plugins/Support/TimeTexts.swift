public import AgentCore
public import Community
public import Foundation

/// How times are written for people and how the time parser's questions are asked: the one
/// wording for every command that shows or takes a time, and for `community-agent when`.
public enum TimeTexts {
    /// A moment as a reader in `zone` sees it, with the zone's abbreviation: `Tue 1 Dec 20:00 CST`
    /// (a different year is shown: `Fri 1 Jan 2027 20:00 CST`), `12月1日 周二 20:00 CST`.
    public static func moment(_ date: Date, in zone: TimeZone, language: Language, now: Date? = nil) -> String {
        let wall = WallClock(date, in: zone)
        let showYear = now.map { WallClock($0, in: zone).year != wall.year } ?? false
        let time = String(wall.description.suffix(5))
        let abbreviation = Self.abbreviation(of: zone, at: date)
        switch language {
        case .en:
            let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][wall.weekday - 1]
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
                wall.month - 1]
            return "\(weekday) \(wall.day) \(month)\(showYear ? " \(wall.year)" : "") \(time) \(abbreviation)"
        case .zh:
            let weekday = ["一", "二", "三", "四", "五", "六", "日"][wall.weekday - 1]
            return "\(showYear ? "\(wall.year)年" : "")\(wall.month)月\(wall.day)日 周\(weekday) \(time) \(abbreviation)"
        }
    }

    /// The zone's usual abbreviation at `date` (`CST` for China, `CET`/`CEST`, `EST`/`EDT`), or
    /// `UTC+8`-style when none is widely known.
    public static func abbreviation(of zone: TimeZone, at date: Date) -> String {
        if isUTC(zone) { return "UTC" }
        let summer = zone.isDaylightSavingTime(for: date)
        if let known = knownAbbreviations[zone.identifier] { return summer ? known.1 : known.0 }
        if zone.identifier.hasPrefix("Europe/"), let offset = europeanAbbreviations[zone.secondsFromGMT(for: date)] {
            return offset
        }
        if let system = zone.abbreviation(for: date), !system.hasPrefix("GMT+"), !system.hasPrefix("GMT-") {
            return system == "GMT" && zone.secondsFromGMT(for: date) == 0 && !zone.identifier.hasPrefix("Europe/")
                ? "UTC" : system
        }
        let seconds = zone.secondsFromGMT(for: date)
        let hours = abs(seconds) / 3600
        let minutes = abs(seconds) % 3600 / 60
        return "UTC" + (seconds < 0 ? "-" : "+") + "\(hours)" + (minutes == 0 ? "" : String(format: ":%02d", minutes))
    }

    /// A recurring rule with its zone, as a reader of `language` reads it:
    /// `every mon 09:00 (Asia/Shanghai)`, `每周一 09:00（Asia/Shanghai）`.
    public static func rule(_ rule: Recurrence, language: Language) -> String {
        switch language {
        case .en: "\(rule) (\(name(of: rule.zone)))"
        case .zh: "\(rule.chineseDescription)（\(name(of: rule.zone))）"
        }
    }

    /// The zone's name for people: its IANA identifier, or `UTC` for the zero-offset zones
    /// (which Foundation may call `GMT`).
    public static func name(of zone: TimeZone) -> String { isUTC(zone) ? "UTC" : zone.identifier }

    private static func isUTC(_ zone: TimeZone) -> Bool {
        ["GMT", "UTC", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu"].contains(zone.identifier)
    }

    /// Names people use where the system only knows `GMT+8` (standard, summer).
    private static let knownAbbreviations: [String: (String, String)] = [
        "Asia/Shanghai": ("CST", "CDT"), "Asia/Chongqing": ("CST", "CDT"), "Asia/Harbin": ("CST", "CDT"),
        "Asia/Urumqi": ("UTC+6", "UTC+6"), "Asia/Taipei": ("CST", "CDT"), "Asia/Hong_Kong": ("HKT", "HKST"),
        "Asia/Macau": ("CST", "CDT"), "Asia/Singapore": ("SGT", "SGT"), "Asia/Tokyo": ("JST", "JDT"),
        "Asia/Seoul": ("KST", "KDT"), "Asia/Kolkata": ("IST", "IST"), "Australia/Sydney": ("AEST", "AEDT"),
        "Australia/Melbourne": ("AEST", "AEDT"), "Europe/London": ("GMT", "BST"), "Europe/Dublin": ("GMT", "IST"),
        "Europe/Lisbon": ("WET", "WEST"), "America/New_York": ("EST", "EDT"), "America/Toronto": ("EST", "EDT"),
        "America/Chicago": ("CST", "CDT"), "America/Denver": ("MST", "MDT"), "America/Phoenix": ("MST", "MST"),
        "America/Los_Angeles": ("PST", "PDT"), "America/Vancouver": ("PST", "PDT"), "UTC": ("UTC", "UTC"),
        "Etc/UTC": ("UTC", "UTC"), "GMT": ("GMT", "GMT"),
    ]

    /// Central and Eastern European time by offset.
    private static let europeanAbbreviations: [Int: String] = [
        3600: "CET", 7200: "CEST", 10_800: "EEST",
    ]

    /// A moment written for machines and people at once: `2026-12-01T12:00:00Z`.
    public static func iso8601UTC(_ date: Date) -> String {
        let wall = WallClock(date, in: .gmt)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return "\(wall.description.replacingOccurrences(of: " ", with: "T")):\(String(format: "%02d", seconds))Z"
    }

    /// `2026-12-01T20:00:00+08:00`: the moment on `zone`'s clocks, with its offset.
    public static func iso8601(_ date: Date, in zone: TimeZone) -> String {
        let wall = WallClock(date, in: zone)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return "\(wall.description.replacingOccurrences(of: " ", with: "T")):\(String(format: "%02d", seconds))"
            + String(format: "%@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// The clarifying question for a time that cannot be read without guessing, in one line.
    public static func question(_ problem: TimeProblem, now: Date, zone: TimeZone, language: Language) -> String {
        let year = WallClock(now, in: zone).year
        func two(_ value: Int) -> String { String(format: "%02d", value) }
        switch problem {
        case .unrecognized(let text):
            return messages.text("time.unrecognized", ["text": .quoted(text)], in: language)
        case .dayOrMonth(let first, let second):
            return messages.text(
                "time.dayOrMonth",
                [
                    "text": .text("\(two(first))/\(two(second))"),
                    "monthFirst": .text("\(year)-\(two(first))-\(two(second))"),
                    "dayFirst": .text("\(year)-\(two(second))-\(two(first))"),
                ], in: language)
        case .missingTime(let day):
            return messages.text(
                "time.missingTime", ["day": .text(day.description.prefix(10).description)], in: language)
        case .morningOrEvening(let hour, let minute):
            return messages.text(
                "time.morningOrEvening",
                [
                    "hour": .text(minute == 0 ? "\(hour)" : "\(hour):\(two(minute))"),
                    "morning": .text("\(two(hour % 12)):\(two(minute))"),
                    "evening": .text("\(two(hour % 12 + 12)):\(two(minute))"),
                ], in: language)
        case .noSuchDay(let month, let day, let year):
            return messages.text(
                "time.noSuchDay", ["date": .text("\(year)-\(two(month))-\(two(day))")], in: language)
        case .skipped(let wall, let zone, let before, let after):
            return messages.text(
                "time.skipped",
                [
                    "time": .text(wall.description), "zone": .text(name(of: zone)),
                    "before": .text(String(before.description.suffix(5))),
                    "after": .text(String(after.description.suffix(5))),
                ], in: language)
        case .repeated(let wall, let zone, let first, let second):
            func offset(_ date: Date) -> String {
                let iso = iso8601(date, in: zone)
                return String(iso.suffix(6))
            }
            return messages.text(
                "time.repeated",
                [
                    "time": .text(wall.description), "zone": .text(name(of: zone)),
                    "first": .text("\(wall.description) \(offset(first))"),
                    "firstName": .text(abbreviation(of: zone, at: first)),
                    "second": .text("\(wall.description) \(offset(second))"),
                    "secondName": .text(abbreviation(of: zone, at: second)),
                ], in: language)
        case .past(let date):
            return messages.text(
                "time.past", ["when": .text(moment(date, in: zone, language: language, now: now))], in: language)
        }
    }

    /// The parser's questions and the zone words, in English and Chinese.
    public static let messages = MessageCatalog([
        "time.unrecognized": [
            .en:
                "I cannot read {text} as a time. Try 2026-12-01 20:00, tomorrow 8pm, fri 20:00, in 2h, or 明晚8点.",
            .zh: "我看不懂时间 {text}。可以这样写：2026-12-01 20:00、明天 20:00、周五 20:00、明晚8点、3小时后。",
        ],
        "time.dayOrMonth": [
            .en: "Which is the month in {text}? Write {monthFirst} or {dayFirst}.",
            .zh: "{text} 里哪个是月份？请写成 {monthFirst} 或 {dayFirst}。",
        ],
        "time.missingTime": [
            .en: "At what time on {day}? For example: {day} 20:00.",
            .zh: "{day} 几点？例如：{day} 20:00。",
        ],
        "time.morningOrEvening": [
            .en: "{hour} in the morning or in the evening? Write {morning} or {evening} (or {hour}am / {hour}pm).",
            .zh: "{hour} 点是上午还是晚上？请写 {morning} 或 {evening}（或 上午{hour}点 / 晚上{hour}点）。",
        ],
        "time.noSuchDay": [
            .en: "There is no {date}. Which day do you mean?",
            .zh: "没有 {date} 这一天。你指的是哪一天？",
        ],
        "time.skipped": [
            .en:
                "{time} does not exist in {zone}: the clocks skip that hour. Did you mean {before} or {after}?",
            .zh: "{zone} 没有 {time} 这个时间：那一小时因夏令时被跳过。你是指 {before} 还是 {after}？",
        ],
        "time.repeated": [
            .en:
                "{time} happens twice in {zone} (the clocks go back). Write {first} ({firstName}) or {second} ({secondName}).",
            .zh: "{zone} 的 {time} 会出现两次（时钟回拨）。请写 {first}（{firstName}）或 {second}（{secondName}）。",
        ],
        "time.past": [
            .en: "{when} has already passed. Which time do you mean?",
            .zh: "{when} 已经过去了。你指的是什么时候？",
        ],
    ])
}
