/// What a server announced about itself in RPL_ISUPPORT (005), with the usual defaults for
/// anything it did not announce.
public struct ISupport: Sendable, Hashable {
    /// Every token seen, by name, with its unescaped value ("" for a token without one).
    public private(set) var tokens: [String: String] = [:] {
        didSet { derive() }
    }

    /// CASEMAPPING; `rfc1459` when absent.
    public private(set) var caseMapping = CaseMapping.rfc1459
    /// CHANTYPES; `#&` when absent.
    public private(set) var channelTypes: Set<Character> = ["#", "&"]
    /// PREFIX's mode letters and their symbols, highest first (read on every message, so kept
    /// parsed rather than read from `tokens` each time).
    private var prefixModes: [Character] = ["o", "v"]
    private var prefixSymbols: [Character] = ["@", "+"]

    /// Creates the defaults a server that sent no 005 implies.
    public init() {}

    private mutating func derive() {
        caseMapping = tokens["CASEMAPPING"].map(CaseMapping.init(token:)) ?? .rfc1459
        channelTypes = Set(tokens["CHANTYPES"] ?? "#&")
        let value = tokens["PREFIX"] ?? "(ov)@+"
        if value.first == "(", let close = value.firstIndex(of: ")") {
            let pairs = zip(value[value.index(after: value.startIndex)..<close], value[value.index(after: close)...])
            prefixModes = pairs.map(\.0)
            prefixSymbols = pairs.map(\.1)
        } else {
            prefixModes = []
            prefixSymbols = []
        }
    }

    /// Applies one 005 message: its parameters minus the first (our nick) and the last (the text).
    public mutating func apply(_ message: Message) {
        guard message.parameters.count >= 2 else { return }
        apply(tokens: message.parameters.dropFirst().dropLast())
    }

    /// Applies raw tokens such as `CASEMAPPING=ascii`, `-EXCEPTS` or `NETWORK=Foo\x20Net`.
    public mutating func apply(tokens raw: some Sequence<String>) {
        for token in raw where !token.isEmpty {
            if token.hasPrefix("-") {
                tokens[String(token.dropFirst()).uppercased()] = nil
                continue
            }
            if let equals = token.firstIndex(of: "=") {
                tokens[String(token[..<equals]).uppercased()] = Self.unescape(token[token.index(after: equals)...])
            } else {
                tokens[token.uppercased()] = ""
            }
        }
    }

    /// The value of a token, or nil when the server did not announce it.
    public subscript(name: String) -> String? { tokens[name.uppercased()] }

    /// PREFIX as (mode, prefix symbol) pairs from highest to lowest; `(ov)@+` when absent.
    public var prefixes: [(mode: Character, symbol: Character)] {
        zip(prefixModes, prefixSymbols).map { (mode: $0.0, symbol: $0.1) }
    }

    /// CHANMODES split into its four groups (list, always-parameter, set-parameter, no parameter).
    public var channelModes: (list: String, alwaysParameter: String, setParameter: String, noParameter: String) {
        let groups = (tokens["CHANMODES"] ?? "b,k,l,imnpst").split(separator: ",", omittingEmptySubsequences: false)
            .map(String.init)
        func group(_ index: Int) -> String { index < groups.count ? groups[index] : "" }
        return (group(0), group(1), group(2), group(3))
    }

    /// EXTBAN as its prefix (`$` on Solanum, empty on InspIRCd) and the letters after the
    /// comma; nil when the server announces no extended bans.
    public var extendedBans: (prefix: String, letters: String)? {
        guard let value = tokens["EXTBAN"], let comma = value.firstIndex(of: ",") else { return nil }
        let letters = String(value[value.index(after: comma)...])
        guard !letters.isEmpty else { return nil }
        return (String(value[..<comma]), letters)
    }

    /// NICKLEN; 9 when absent, as RFC 1459 implies.
    public var nickLength: Int { tokens["NICKLEN"].flatMap { Int($0) } ?? 9 }

    /// CHANNELLEN; 200 when absent.
    public var channelLength: Int { tokens["CHANNELLEN"].flatMap { Int($0) } ?? 200 }

    /// LINELEN; 512 when absent.
    public var lineLength: Int { tokens["LINELEN"].flatMap { Int($0) } ?? 512 }

    /// NETWORK, when announced.
    public var network: String? { tokens["NETWORK"] }

    /// TARGMAX as command → limit; a command present with no number means no limit (nil).
    public var targetLimits: [String: Int?] {
        guard let value = tokens["TARGMAX"] else { return [:] }
        var limits: [String: Int?] = [:]
        for entry in value.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first, !name.isEmpty else { continue }
            limits[name.uppercased()] = parts.count > 1 ? Int(parts[1]) : nil
        }
        return limits
    }

    /// Whether `name` starts with one of the announced channel types.
    public func isChannel(_ name: String) -> Bool {
        guard let first = name.first else { return false }
        return channelTypes.contains(first)
    }

    /// The mode letter a prefix symbol stands for (`@` → `o`), if announced.
    public func mode(forPrefix symbol: Character) -> Character? {
        prefixSymbols.firstIndex(of: symbol).map { prefixModes[$0] }
    }

    /// Values may carry `\xHH` escapes (e.g. `\x20` for a space, `\x3D` for `=`).
    static func unescape(_ value: Substring) -> String {
        guard value.contains("\\") else { return String(value) }
        var bytes: [UInt8] = []
        let utf8 = Array(value.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == ASCII.backslash, index + 3 < utf8.count, utf8[index + 1] == UInt8(ascii: "x"),
                let byte = UInt8(String(decoding: utf8[(index + 2)..<(index + 4)], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
