import AgentCore
import Community
import Foundation

/// What follows `!event add`: `"<title>" <when> [for <duration>] [#channel] [cap N] [tag …]`.
/// The time is the longest run of words after the title that the time parser reads, so
/// `fri 20:00 swift ios` is Friday 20:00 tagged swift and ios.
struct EventDetails: Equatable {
    var title: String
    var start: Date
    var duration: TimeInterval?
    var channel: String?
    var capacity: Int?
    var tags: [String] = []

    /// Why the text could not be read.
    enum Problem: Error, Equatable {
        /// No title in quotes.
        case title
        /// The time could not be read without guessing.
        case time(TimeProblem)
        /// `for` without a duration such as 90m.
        case duration(String)
        /// `cap` without a number from 1 to 10000.
        case capacity(String)
        /// A tag that is not one word of letters, digits and dashes.
        case tag(String)
    }

    /// The title in quotes at the start of `text` ("…", “…” or 「…」) and what follows it.
    static func quoted(_ text: String) -> (String, Substring)? {
        let trimmed = text.drop(while: { $0 == " " })
        let pairs: [Character: Character] = ["\"": "\"", "“": "”", "「": "」", "『": "』", "'": "'"]
        guard let open = trimmed.first, let close = pairs[open] else { return nil }
        let body = trimmed.dropFirst()
        guard let end = body.firstIndex(of: close) else { return nil }
        let title = body[..<end].trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else { return nil }
        return (title, body[body.index(after: end)...])
    }

    /// Reads the text typed in `zone` at `now`.
    static func read(_ text: String, zone: TimeZone, now: Date) -> Result<EventDetails, Problem> {
        guard let (title, rest) = quoted(text) else { return .failure(.title) }
        let words = rest.split(separator: " ").map(String.init)
        let stop = words.firstIndex { $0.lowercased() == "for" || $0.hasPrefix("#") || $0.lowercased() == "cap" }
        let timeWords = words[..<(stop ?? words.count)]
        guard !timeWords.isEmpty else { return .failure(.time(.unrecognized(""))) }
        let parser = TimeParser(zone: zone, now: now)
        var start: Date?
        var used = 0
        for count in stride(from: min(timeWords.count, 8), through: 1, by: -1) {
            do {
                start = try parser.resolve(timeWords.prefix(count).joined(separator: " "))
                used = count
                break
            } catch .unrecognized {
                continue
            } catch {
                return .failure(.time(error))
            }
        }
        guard let start else { return .failure(.time(.unrecognized(timeWords.joined(separator: " ")))) }
        var details = EventDetails(title: title, start: start)
        var index = used
        while index < words.count {
            let word = words[index]
            switch word.lowercased() {
            case "for":
                guard index + 1 < words.count, let duration = DurationText.parse(words[index + 1]),
                    duration > .zero, duration <= .seconds(7 * 86_400)
                else { return .failure(.duration(index + 1 < words.count ? words[index + 1] : "")) }
                details.duration = TimeInterval(duration.components.seconds)
                index += 2
            case "cap":
                guard index + 1 < words.count, let capacity = Int(words[index + 1]), (1...10_000).contains(capacity)
                else { return .failure(.capacity(index + 1 < words.count ? words[index + 1] : "")) }
                details.capacity = capacity
                index += 2
            default:
                if word.hasPrefix("#") || word.hasPrefix("&") {
                    details.channel = word
                } else {
                    let tag = word.lowercased()
                    guard tag.count <= 32, tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                        return .failure(.tag(word))
                    }
                    if !details.tags.contains(tag) { details.tags.append(tag) }
                }
                index += 1
            }
        }
        return .success(details)
    }
}
