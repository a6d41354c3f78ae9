/// Terminal column widths, so listings that mix Chinese and English line up in monospace clients.
public enum DisplayWidth {
    /// Columns a string takes: East Asian wide and full-width characters (and emoji) count 2,
    /// combining marks 0, everything else 1.
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// Columns one character takes.
    public static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
            return 0
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(scalar.value) ? 2 : 1
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `columns` (ending in `…` when cut), then padded with spaces to exactly `columns`.
    public static func fit(_ text: String, to columns: Int) -> String {
        var result = ""
        var used = 0
        let total = of(text)
        let limit = total > columns ? columns - 1 : columns
        for character in text {
            let width = width(of: character)
            if used + width > limit { break }
            result.append(character)
            used += width
        }
        if total > columns {
            result.append("…")
            used += 1
        }
        return result + String(repeating: " ", count: max(0, columns - used))
    }
}
