/// How a network folds nicks and channel names for comparison (the CASEMAPPING token).
public enum CaseMapping: String, Sendable, Hashable, CaseIterable {
    /// Only `A`–`Z` fold to `a`–`z`.
    case ascii
    /// ASCII plus `[]\~` folding to `{}|^` (the RFC 1459 Scandinavian rule).
    case rfc1459
    /// ASCII plus `[]\` folding to `{}|`, without `~`.
    case rfc1459Strict = "rfc1459-strict"

    /// The mapping named by a CASEMAPPING value; unknown names fall back to `ascii`.
    public init(token: String) {
        self = CaseMapping(rawValue: token.lowercased()) ?? .ascii
    }

    /// `text` folded to lower case under this mapping; other characters are left as they are.
    public func lowercased(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where fold(byte) != byte {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        return String(decoding: text.utf8.map(fold), as: UTF8.self)
    }

    /// Whether two nicks or channel names are the same under this mapping.
    public func equal(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8) { fold($0) == fold($1) }
    }

    /// One byte folded to lower case (bytes of multi-byte UTF-8 sequences never change).
    @inline(__always)
    func fold(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x41...0x5A: return byte + 0x20
        case 0x5B, 0x5C, 0x5D: return self == .ascii ? byte : byte + 0x20  // [ \ ] → { | }
        case 0x7E: return self == .rfc1459 ? 0x5E : byte  // ~ → ^
        default: return byte
        }
    }
}
