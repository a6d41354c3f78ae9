import COpenSSL
import Community
public import Foundation

/// The payment webhook's signature: `Community-Signature: t=<unix seconds>,v1=<hex>` where hex
/// is HMAC-SHA256(secret, "<t>.<raw body>"). Checked in constant time, within a tolerance of
/// the current time.
public enum WebhookSignature {
    /// Why a signature was not accepted (each one a 401).
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case missing
        case malformed
        case stale(seconds: Int)
        case mismatch

        public var description: String {
            switch self {
            case .missing: "missing Community-Signature header"
            case .malformed: "malformed Community-Signature header (want t=<unix seconds>,v1=<hex>)"
            case .stale(let seconds): "signature timestamp is \(seconds) s away from now"
            case .mismatch: "signature does not match"
            }
        }
    }

    /// Checks `header` for `body` with `secret` at `now`; returns normally when it is valid.
    public static func verify(
        header: String?, body: [UInt8], secret: String, now: Date, tolerance: Double
    ) throws(Problem) {
        guard let header, !header.isEmpty else { throw .missing }
        var timestamp: Int?
        var candidates: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw .malformed }
            switch pair[0] {
            case "t": timestamp = Int(pair[1])
            case "v1":
                guard let bytes = hexBytes(pair[1]) else { throw .malformed }
                candidates.append(bytes)
            default: continue  // later schemes are ignored, as providers add them
            }
        }
        guard let timestamp, !candidates.isEmpty else { throw .malformed }
        let distance = abs(now.timeIntervalSince1970 - Double(timestamp))
        guard distance <= tolerance else { throw .stale(seconds: Int(distance)) }
        let expected = sign(timestamp: timestamp, body: body, secret: secret)
        // Every candidate is compared in full, so the time taken says nothing about the secret.
        var matched = false
        for candidate in candidates where constantTimeEqual(candidate, expected) { matched = true }
        guard matched else { throw .mismatch }
    }

    /// The header value a provider would send for `body` at `timestamp`.
    public static func header(timestamp: Int, body: [UInt8], secret: String) -> String {
        "t=\(timestamp),v1=" + sign(timestamp: timestamp, body: body, secret: secret).map { hexDigit($0) }.joined()
    }

    /// HMAC-SHA256(secret, "<t>.<body>").
    static func sign(timestamp: Int, body: [UInt8], secret: String) -> [UInt8] {
        let message = Array("\(timestamp).".utf8) + body
        let key = Array(secret.utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                    messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count, &digest,
                    &length)
            }
        }
        return Array(digest.prefix(Int(length)))
    }

    /// Equal length and bytes, looking at every byte whatever the first difference.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func hexDigit(_ byte: UInt8) -> String { Digest.hexDigit(byte) }
}
