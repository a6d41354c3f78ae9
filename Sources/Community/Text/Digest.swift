import COpenSSL

/// SHA-256 of bytes, in lower-case hex (how API tokens and data links are stored).
public enum Digest {
    /// The SHA-256 of the text's UTF-8 bytes, 64 lower-case hex digits.
    public static func sha256Hex(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var digest = [UInt8](repeating: 0, count: 32)
        _ = bytes.withUnsafeBufferPointer { SHA256($0.baseAddress, $0.count, &digest) }
        return digest.map { hexDigit($0) }.joined()
    }

    /// A fresh random token: a prefix and 32 random bytes in hex.
    public static func token(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix
            + (0..<32).map { _ in hexDigit(UInt8.random(in: 0...255, using: &generator)) }
            .joined()
    }

    /// Two lower-case hex digits.
    public static func hexDigit(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
