/// How a network compares nicks and channel names: which ASCII characters count as the same
/// (on IRC, the server's CASEMAPPING; `Agent[]` and `agent{}` are one nick under rfc1459).
/// Bytes outside ASCII never fold.
public struct NickFolding: Sendable, Hashable {
    private let table: [UInt8]

    /// A folding defined by what it does to each ASCII character (the gateway passes the
    /// network's own rule, so the runtime needs no protocol knowledge).
    public init(folding: (String) -> String) {
        table = (0..<128).map { byte in
            let folded = folding(String(UnicodeScalar(UInt8(byte))))
            return folded.utf8.count == 1 ? folded.utf8.first ?? UInt8(byte) : UInt8(byte)
        }
    }

    /// Only `A`–`Z` fold to `a`–`z` (for networks that do not say otherwise).
    public static let ascii = NickFolding { $0.lowercased() }

    /// `text` folded for comparison.
    public func fold(_ text: String) -> String {
        // Folded on every message (speakers' keys): most nicks are folded already, so first look.
        guard text.utf8.contains(where: { $0 < 128 && table[Int($0)] != $0 }) else { return text }
        return String(decoding: text.utf8.map { $0 < 128 ? table[Int($0)] : $0 }, as: UTF8.self)
    }

    /// Whether two nicks (or channel names) are the same on this network.
    public func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count
            && lhs.utf8.elementsEqual(rhs.utf8) { ($0 < 128 ? table[Int($0)] : $0) == ($1 < 128 ? table[Int($1)] : $1) }
    }

    /// Whether `text` starts with `nick` under this folding.
    public func hasPrefix(_ text: Substring, _ nick: String) -> Bool {
        let count = nick.utf8.count
        guard text.utf8.count >= count else { return false }
        return same(String(decoding: text.utf8.prefix(count), as: UTF8.self), nick)
    }
}
