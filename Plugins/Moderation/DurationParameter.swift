import AgentCore
import Community
import Foundation

extension ModerationDuration {
    /// The seconds of a timed duration; nil for ever.
    var seconds: TimeInterval? {
        if case .timed(let seconds) = self { return seconds }
        return nil
    }
}

extension ParameterKind where Value == ModerationDuration {
    /// `10m`, `2h`, `1d`, `1w`, `1h30m`, `permanent`/`永久`. A word that is not a duration at all
    /// is left for the next parameter (the reason); one that starts like a number but is not
    /// a duration (`10x`) gets the usage reply.
    static var moderationDuration: ParameterKind<ModerationDuration> {
        let expected = "a duration such as 10m, 2h, 1d, 1w, 1h30m or permanent".zh(
            "一段时长，例如 10m（或 10分钟）、2h、1d、1w、1h30m 或 永久")
        return ParameterKind(expected: expected) { word, _ throws(ArgumentProblem) in
            if let duration = ModerationDuration.parse(DurationText.chatSpelling(of: word)) { return duration }
            if word.first?.isNumber == true { throw .outOfRange(expected: expected) }
            throw .invalid(expected: expected)
        }
    }
}
