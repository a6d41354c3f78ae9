/// A 64-bit FNV-1a digest of two names, for hashing keys made of two strings once instead of
/// at every lookup. Equal pairs have equal digests; different pairs almost always differ, so
/// a key compares its digest before its strings.
struct NamePairDigest: Hashable, Sendable {
    let value: UInt64

    /// The digest of `first` and `second` (with a separator byte no UTF-8 text contains, so
    /// ("ab", "c") and ("a", "bc") differ).
    init(_ first: String, _ second: String) {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        Self.mix(first, into: &value)
        value = (value ^ 0xFF) &* 0x100_0000_01b3
        Self.mix(second, into: &value)
        self.value = value
    }

    private static func mix(_ text: String, into value: inout UInt64) {
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
    }
}
