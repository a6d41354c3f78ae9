public import Foundation

/// A value put into a message: text as given, a number (which also picks plural forms), a day
/// shown in the reader's language and time zone, or a list joined the reader's way.
public enum MessageArgument: Sendable, Hashable {
    case text(String)
    case number(Int)
    case day(Date)
    case list([String])
    /// Something the reader typed, shown back in quotes ("x" in English, “x” in Chinese) and cut
    /// at 40 characters.
    case quoted(String)
    /// A length of time: `1h30m` in English, `1 小时 30 分钟` in Chinese.
    case duration(Duration)
}

/// The user-visible texts of one module, in every language, by key.
///
/// A text names its arguments in braces: `{course}`. A number may choose between forms with
/// `{count|one text|other text}`, where `#` in a form stands for the number (`{count|# course|#
/// courses}`); a language without plurals writes the one form it needs (`{count} 门课程`).
/// `problems()` lists keys that lack a language or whose languages use different arguments; a
/// test runs it for every catalog.
public struct MessageCatalog: Sendable {
    /// Texts by key, then language.
    public let entries: [String: [Language: String]]

    /// A catalog of `entries`.
    public init(_ entries: [String: [Language: String]]) {
        self.entries = entries
    }

    /// The text for `key` in `language` with `arguments` filled in; the key itself (and an
    /// error-sized hint) when the catalog lacks it, so a slip shows rather than vanishes.
    public func text(
        _ key: String, _ arguments: [String: MessageArgument] = [:], in language: Language,
        timeZone: TimeZone = .gmt
    ) -> String {
        guard let template = entries[key]?[language] ?? entries[key]?[.en] else { return "[\(key)]" }
        let text = MessageTemplate.render(template, arguments, language: language, timeZone: timeZone)
        return language == .zh ? ChineseTypesetting.tidied(text) : text
    }

    /// Keys missing a language, keys whose languages name different arguments, and Chinese
    /// texts set the English way (see `ChineseTypesetting`).
    public func problems() -> [String] {
        var problems: [String] = []
        for key in entries.keys.sorted() {
            let texts = entries[key] ?? [:]
            for language in Language.allCases where texts[language] == nil {
                problems.append("\(key): no \(language) text")
            }
            for problem in texts[.zh].map(ChineseTypesetting.problems(in:)) ?? [] {
                problems.append("\(key): zh \(problem)")
            }
            guard let english = texts[.en].map(MessageTemplate.argumentNames(in:)) else { continue }
            for (language, text) in texts where MessageTemplate.argumentNames(in: text) != english {
                let names = MessageTemplate.argumentNames(in: text).sorted().joined(separator: ", ")
                problems.append(
                    "\(key): \(language) uses {\(names)}, en uses {\(english.sorted().joined(separator: ", "))}")
            }
        }
        return problems
    }

    /// One argument as a reader of `language` in `timeZone` sees it (`2026-01-05`, `2026年1月5日`).
    public static func format(_ value: MessageArgument, in language: Language, timeZone: TimeZone = .gmt) -> String {
        MessageTemplate.format(value, language: language, timeZone: timeZone)
    }

    /// Every key of several catalogs together (duplicates are a programming mistake).
    public static func merged(_ catalogs: [MessageCatalog]) -> MessageCatalog {
        MessageCatalog(catalogs.reduce(into: [:]) { all, catalog in all.merge(catalog.entries) { first, _ in first } })
    }
}

/// Fills in `{name}` and `{count|one|other}` placeholders.
enum MessageTemplate {
    static func render(
        _ template: String, _ arguments: [String: MessageArgument], language: Language, timeZone: TimeZone
    ) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let body = rest[rest.index(after: open)..<close]
            let parts = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let name = parts[0]
            rest = rest[rest.index(after: close)...]
            switch arguments[name] {
            case .number(let number) where parts.count == 3:
                output += (number == 1 ? parts[1] : parts[2]).replacingOccurrences(of: "#", with: String(number))
            case .some(let value):
                let text = format(value, language: language, timeZone: timeZone)
                // In Chinese a template's space between its Chinese words and a Chinese value
                // goes: "应该是 {expected}" with "一段时长" reads "应该是一段时长".
                if language == .zh, let first = text.first, ChineseTypesetting.isChinese(first), output.hasSuffix(" "),
                    let before = output.dropLast().last, ChineseTypesetting.isChinese(before)
                {
                    output.removeLast()
                }
                output += text
                if language == .zh, let last = text.last, ChineseTypesetting.isChinese(last), rest.first == " ",
                    let after = rest.dropFirst().first, ChineseTypesetting.isChinese(after)
                {
                    rest = rest.dropFirst()
                }
            case nil:
                output += "{\(name)}"
            }
        }
        output += rest
        return output
    }

    static func format(_ value: MessageArgument, language: Language, timeZone: TimeZone) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number): return String(number)
        case .day(let date):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let (year, month, day) = (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            switch language {
            case .en: return String(format: "%04d-%02d-%02d", year, month, day)
            case .zh: return "\(year)年\(month)月\(day)日"
            }
        case .list(let items):
            return items.joined(separator: language == .zh ? "、" : ", ")
        case .duration(let duration):
            return DurationText.format(duration, in: language)
        case .quoted(let word):
            let shown = word.count > 40 ? word.prefix(40) + "…" : word
            return language == .zh ? "“\(shown)”" : "\"\(shown)\""
        }
    }

    /// The argument names a template uses.
    static func argumentNames(in template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let body = rest[rest.index(after: open)..<close]
            names.insert(String(body.split(separator: "|", omittingEmptySubsequences: false)[0]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
