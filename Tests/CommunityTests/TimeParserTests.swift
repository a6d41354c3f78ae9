import Community
import Foundation
import Testing

/// The one time parser: what people type, in three zones, at several "now"s, including the
/// days clocks change; and every input it must answer with a question instead of a guess.
@Suite("Time parser")
struct TimeParserTests {
    static let shanghai = zone("Asia/Shanghai")
    static let berlin = zone("Europe/Berlin")
    static let newYork = zone("America/New_York")

    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else { fatalError("no time zone \(identifier)") }
        return zone
    }

    /// The instant that a wall-clock time `yyyy-MM-dd HH:mm` names in `zone` (the only one).
    static func instant(_ text: String, in zone: TimeZone) -> Date {
        let parts = text.split(whereSeparator: { "- :".contains($0) }).compactMap { Int($0) }
        let wall = WallClock(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
        guard let only = wall.instants(in: zone).first else { fatalError("\(text) does not exist in \(zone)") }
        return only
    }

    /// What `text` resolves to, as a wall-clock time in the same zone, or the problem.
    static func read(_ text: String, in zone: TimeZone, now: String) -> Result<String, TimeProblem> {
        let parser = TimeParser(zone: zone, now: instant(now, in: zone))
        do {
            return .success(WallClock(try parser.resolve(text), in: zone).description)
        } catch {
            return .failure(error)
        }
    }

    // Saturday 28 November 2026, 10:00 in Shanghai (no DST).
    static let saturday = "2026-11-28 10:00"

    @Test(arguments: [
        ("2026-12-01 20:00", "2026-12-01 20:00"),
        ("2026/12/01 20:00", "2026-12-01 20:00"),
        ("12-01 20:00", "2026-12-01 20:00"),
        ("01-15 09:00", "2027-01-15 09:00"),
        ("tomorrow 20:00", "2026-11-29 20:00"),
        ("tomorrow 8pm", "2026-11-29 20:00"),
        ("Tomorrow at 8:30 PM", "2026-11-29 20:30"),
        ("next monday 9am", "2026-11-30 09:00"),
        ("fri 20:00", "2026-12-04 20:00"),
        ("friday 8pm", "2026-12-04 20:00"),
        ("sat 09:00", "2026-12-05 09:00"),
        ("sat 18:00", "2026-11-28 18:00"),
        ("today 18:30", "2026-11-28 18:30"),
        ("tonight 8", "2026-11-28 20:00"),
        ("20:00", "2026-11-28 20:00"),
        ("09:00", "2026-11-29 09:00"),
        ("dec 1 20:00", "2026-12-01 20:00"),
        ("1 december 2026 7pm", "2026-12-01 19:00"),
        ("noon tomorrow", "2026-11-29 12:00"),
        ("明天 20:00", "2026-11-29 20:00"),
        ("明晚8点", "2026-11-29 20:00"),
        ("明晚八点半", "2026-11-29 20:30"),
        ("后天 9:30", "2026-11-30 09:30"),
        ("周五 20:00", "2026-12-04 20:00"),
        ("星期五晚上7点", "2026-12-04 19:00"),
        ("下周一 上午9点", "2026-11-30 09:00"),
        ("下周五 下午3点", "2026-12-04 15:00"),
        ("下下周一 9:00", "2026-12-07 09:00"),
        ("12月1日 20:00", "2026-12-01 20:00"),
        ("12月1号晚上8点", "2026-12-01 20:00"),
        ("2027年1月3日 10:00", "2027-01-03 10:00"),
        ("今天 18:30", "2026-11-28 18:30"),
        ("明天中午", "2026-11-29 12:00"),
        ("明天 20：00", "2026-11-29 20:00"),
    ])
    func readsWhatPeopleTypeInShanghai(text: String, expected: String) {
        #expect(Self.read(text, in: Self.shanghai, now: Self.saturday) == .success(expected))
    }

    @Test(arguments: [
        ("in 2h", 7_200.0), ("in 90 minutes", 5_400), ("in 1h30m", 5_400), ("in 2 hours", 7_200),
        ("in an hour", 3_600), ("in 3 days", 259_200), ("3小时后", 10_800), ("90分钟后", 5_400),
        ("半小时后", 1_800), ("两个半小时后", 9_000), ("2天后", 172_800),
    ])
    func relativeTimesCountFromNow(text: String, seconds: Double) throws {
        let now = Self.instant(Self.saturday, in: Self.shanghai)
        let parser = TimeParser(zone: Self.shanghai, now: now)
        #expect(try parser.resolve(text) == now.addingTimeInterval(seconds))
    }

    @Test func wallClockTimesKeepTheirHourAcrossDaylightSavingChanges() throws {
        // Berlin moves to summer time on Sunday 29 March 2026 at 02:00 → 03:00.
        #expect(Self.read("tomorrow 09:00", in: Self.berlin, now: "2026-03-28 12:00") == .success("2026-03-29 09:00"))
        let parser = TimeParser(zone: Self.berlin, now: Self.instant("2026-03-28 12:00", in: Self.berlin))
        // 09:00 CEST is 07:00 UTC; the day before, 09:00 CET was 08:00 UTC.
        #expect(
            try parser.resolve("tomorrow 09:00") == Date(timeIntervalSince1970: 1_774_767_600))
        // New York moves to summer time on 8 March 2026; "in 24h" is exact hours, not the same wall time.
        #expect(Self.read("in 24h", in: Self.newYork, now: "2026-03-07 12:00") == .success("2026-03-08 13:00"))
        #expect(Self.read("sun 12:00", in: Self.newYork, now: "2026-03-07 12:00") == .success("2026-03-08 12:00"))
        // Back to standard time on 1 November 2026.
        #expect(
            Self.read("2026-11-01 12:00", in: Self.newYork, now: "2026-10-31 12:00") == .success("2026-11-01 12:00"))
    }

    @Test func aTimeThatClocksSkipIsAQuestion() {
        guard
            case .failure(.skipped(let wall, _, let before, let after)) =
                Self.read("2026-03-08 02:30", in: Self.newYork, now: "2026-03-01 10:00")
        else {
            Issue.record("02:30 on 8 March 2026 does not exist in New York")
            return
        }
        #expect(wall.description == "2026-03-08 02:30")
        #expect(before.description == "2026-03-08 01:30")
        #expect(after.description == "2026-03-08 03:30")
        guard case .failure(.skipped) = Self.read("2026-03-29 02:30", in: Self.berlin, now: "2026-03-01 10:00") else {
            Issue.record("02:30 on 29 March 2026 does not exist in Berlin")
            return
        }
    }

    @Test func aTimeThatClocksShowTwiceIsAQuestionUnlessItsOffsetIsGiven() throws {
        guard
            case .failure(.repeated(_, _, let first, let second)) =
                Self.read("2026-11-01 01:30", in: Self.newYork, now: "2026-10-25 10:00")
        else {
            Issue.record("01:30 on 1 November 2026 happens twice in New York")
            return
        }
        #expect(second.timeIntervalSince(first) == 3_600)
        guard case .failure(.repeated) = Self.read("2026-10-25 02:30", in: Self.berlin, now: "2026-10-20 10:00") else {
            Issue.record("02:30 on 25 October 2026 happens twice in Berlin")
            return
        }
        let parser = TimeParser(zone: Self.newYork, now: Self.instant("2026-10-25 10:00", in: Self.newYork))
        #expect(try parser.resolve("2026-11-01 01:30 -05:00") == second)
        #expect(try parser.resolve("2026-11-01 01:30 -04:00") == first)
        #expect(try parser.resolve("2026-11-01 05:30 UTC") == first)
    }

    @Test func ambiguousOrImpossibleInputGetsAQuestion() {
        let cases: [(String, (TimeProblem) -> Bool)] = [
            ("01/02 10:00", { if case .dayOrMonth(1, 2) = $0 { true } else { false } }),
            ("feb 30 10:00", { if case .noSuchDay(2, 30, _) = $0 { true } else { false } }),
            ("2026-02-29 10:00", { if case .noSuchDay(2, 29, 2026) = $0 { true } else { false } }),
            ("2026-11-27 10:00", { if case .past = $0 { true } else { false } }),
            ("today 09:00", { if case .past = $0 { true } else { false } }),
            ("tomorrow", { if case .missingTime(let day) = $0 { day.day == 29 } else { false } }),
            ("周五", { if case .missingTime(let day) = $0 { day.day == 4 } else { false } }),
            ("tomorrow 8", { if case .morningOrEvening(8, 0) = $0 { true } else { false } }),
            ("banana", { if case .unrecognized = $0 { true } else { false } }),
            ("", { if case .unrecognized = $0 { true } else { false } }),
            ("25:00", { if case .unrecognized = $0 { true } else { false } }),
            ("tomorrow tomorrow 8pm", { if case .unrecognized = $0 { true } else { false } }),
        ]
        for (text, isExpected) in cases {
            switch Self.read(text, in: Self.shanghai, now: Self.saturday) {
            case .success(let wall): Issue.record("\"\(text)\" was read as \(wall) instead of a question")
            case .failure(let problem): #expect(isExpected(problem), "\"\(text)\" → \(problem)")
            }
        }
        // On a Monday the coming Friday and next week's Friday differ.
        #expect(Self.read("周五 20:00", in: Self.shanghai, now: "2026-11-23 10:00") == .success("2026-11-27 20:00"))
        #expect(Self.read("下周五 20:00", in: Self.shanghai, now: "2026-11-23 10:00") == .success("2026-12-04 20:00"))
        #expect(Self.read("next fri 20:00", in: Self.shanghai, now: "2026-11-23 10:00") == .success("2026-12-04 20:00"))
        // Unambiguous slashes: one number cannot be a month.
        #expect(Self.read("13/02 10:00", in: Self.shanghai, now: Self.saturday) == .success("2027-02-13 10:00"))
        #expect(Self.read("12/25 10:00", in: Self.shanghai, now: Self.saturday) == .success("2026-12-25 10:00"))
    }
}
