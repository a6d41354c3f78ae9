import Foundation

/// Finds where JSON5 text stops being valid, so a configuration error can name its line and
/// column (Foundation's decoder reports only that the data is invalid).
///
/// It checks syntax only — comments, quoted and unquoted keys, single- and double-quoted
/// strings, JSON5 numbers, trailing commas — and is used after a decode has already failed.
struct JSON5Syntax {
    /// The first syntax error: 1-based line and column (in characters) and what was expected.
    struct Problem: Error, Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String

        var description: String { "line \(line), column \(column): \(message)" }
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0

    /// The first problem in `text`, or nil when its syntax is valid JSON5.
    static func firstProblem(in text: String) -> Problem? {
        var checker = JSON5Syntax(scalars: Array(text.unicodeScalars))
        do throws(Problem) {
            try checker.skipSpace()
            try checker.value()
            try checker.skipSpace()
            if checker.index < checker.scalars.count { throw checker.problem("unexpected text after the end") }
            return nil
        } catch {
            return error
        }
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func problem(_ message: String, at position: Int? = nil) -> Problem {
        let end = min(position ?? index, scalars.count)
        var line = 1
        var column = 1
        for scalar in scalars[..<end] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return Problem(line: line, column: column, message: message)
    }

    private func found() -> String {
        guard let current else { return "the end of the file" }
        if current == "\n" { return "the end of the line" }
        return "\"\(current)\""
    }

    private mutating func skipSpace() throws(Problem) {
        while let scalar = current {
            if scalar.properties.isWhitespace || scalar == "\u{FEFF}" {
                index += 1
            } else if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                while let next = current, next != "\n" { index += 1 }
            } else if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                let start = index
                index += 2
                while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") { index += 1 }
                guard index + 1 < scalars.count else { throw problem("a /* comment is never closed", at: start) }
                index += 2
            } else {
                return
            }
        }
    }

    private mutating func value() throws(Problem) {
        guard let scalar = current else { throw problem("expected a value, found the end of the file") }
        switch scalar {
        case "{": try object()
        case "[": try array()
        case "\"", "'": try string()
        case "-", "+", ".", "0"..."9": try number()
        default:
            let word = identifier()
            let literals = ["true", "false", "null", "Infinity", "NaN"]
            guard literals.contains(word) else {
                if word.isEmpty { throw problem("expected a value, found \(found())") }
                throw problem("expected a value, found \(word) (text values need quotes)", at: index - word.count)
            }
        }
    }

    private mutating func object() throws(Problem) {
        index += 1
        try skipSpace()
        while current != "}" {
            if current == "\"" || current == "'" {
                try string()
            } else if identifier().isEmpty {
                throw problem("expected a key or \"}\", found \(found())")
            }
            try skipSpace()
            guard current == ":" else { throw problem("expected \":\" after the key, found \(found())") }
            index += 1
            try skipSpace()
            try value()
            try skipSpace()
            if current == "," {
                index += 1
                try skipSpace()
            } else if current != "}" {
                throw problem("expected \",\" or \"}\" after a value, found \(found())")
            }
        }
        index += 1
    }

    private mutating func array() throws(Problem) {
        index += 1
        try skipSpace()
        while current != "]" {
            try value()
            try skipSpace()
            if current == "," {
                index += 1
                try skipSpace()
            } else if current != "]" {
                throw problem("expected \",\" or \"]\" after a value, found \(found())")
            }
        }
        index += 1
    }

    private mutating func string() throws(Problem) {
        let start = index
        let quote = scalars[index]
        index += 1
        while let scalar = current, scalar != quote {
            if scalar == "\n" { throw problem("a text value is not closed before the end of the line", at: start) }
            index += scalar == "\\" ? 2 : 1
        }
        guard current == quote else { throw problem("a text value is never closed", at: start) }
        index += 1
    }

    private mutating func number() throws(Problem) {
        let start = index
        if current == "-" || current == "+" { index += 1 }
        let word = identifier(allowingDigitsFirst: true)
        guard !word.isEmpty else { throw problem("expected a number, found \(found())", at: start) }
        let text = word.lowercased()
        let isHex = text.hasPrefix("0x") && text.dropFirst(2).allSatisfy(\.isHexDigit) && text.count > 2
        let isDecimal = Double(text) != nil && text.allSatisfy { $0.isNumber || "e.+-".contains($0) }
        guard isHex || isDecimal || word == "Infinity" || word == "NaN" else {
            throw problem("\"\(word)\" is not a number", at: start)
        }
    }

    /// Consumes an unquoted word (letters, digits, `_`, `$`; with digits first for numbers,
    /// also `.` and exponent signs) and returns it.
    private mutating func identifier(allowingDigitsFirst: Bool = false) -> String {
        var word = ""
        while let scalar = current {
            let isWordScalar =
                scalar.properties.isAlphabetic || scalar == "_" || scalar == "$"
                || ("0"..."9").contains(scalar) && (allowingDigitsFirst || !word.isEmpty)
                || allowingDigitsFirst && (scalar == "." || (scalar == "+" || scalar == "-") && word.last == "e")
            guard isWordScalar else { break }
            word.unicodeScalars.append(scalar)
            index += 1
        }
        return word
    }
}
