/// How the agent sets Chinese text: full-width punctuation carries its own spacing, so no space
/// stands beside it (`没有“x”这门课程`, not `没有 “x” 这门课程`), and Chinese words are never
/// punctuated with half-width marks (`课程，` not `课程,`; `（仅限管理员）` not `(仅限管理员)`).
/// A space between a Chinese word and a Latin one or a number is kept: that is usual in
/// Chinese technical writing (`订阅 1 门课程`, `Swift 答疑`). (Where a template's space meets a
/// Chinese argument, `MessageCatalog` drops it: `应该是一段时长`, not `应该是 一段时长`.)
public enum ChineseTypesetting {
    /// Marks that are full-width in Chinese text and take no space beside them.
    static let fullWidthPunctuation: Set<Character> = [
        "“", "”", "‘", "’", "《", "》", "（", "）", "，", "。", "：", "；", "！", "？", "、", "【", "】", "「", "」",
    ]

    /// Half-width marks that must not touch a Chinese character.
    static let halfWidthPunctuation: Set<Character> = [",", ";", ":", "(", ")"]

    /// `text` without the spaces that stand beside full-width punctuation.
    public static func tidied(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for (index, character) in characters.enumerated() {
            if character == " " {
                let before = index > 0 ? characters[index - 1] : nil
                let after = index + 1 < characters.count ? characters[index + 1] : nil
                if let before, fullWidthPunctuation.contains(before) { continue }
                if let after, fullWidthPunctuation.contains(after) { continue }
            }
            output.append(character)
        }
        return output
    }

    /// What is set the English way in `text`, one phrase per place, quoting the few characters
    /// around it (`space beside full-width punctuation: "门 “x"`); empty when it reads right.
    public static func problems(in text: String) -> [String] {
        let characters = Array(text)
        var problems: [String] = []
        for index in characters.indices.dropLast() {
            let (left, right) = (characters[index], characters[index + 1])
            let around = String(characters[max(0, index - 2)..<min(characters.count, index + 3)])
            if (left == " " && fullWidthPunctuation.contains(right))
                || (right == " " && fullWidthPunctuation.contains(left))
            {
                problems.append("space beside full-width punctuation: \"\(around)\"")
            } else if (isChinese(left) && halfWidthPunctuation.contains(right) && right != "(")
                || (isChinese(right) && halfWidthPunctuation.contains(left) && left != ")")
            {
                problems.append("half-width punctuation beside Chinese: \"\(around)\"")
            }
        }
        return problems
    }

    /// Whether `text` contains a Chinese character.
    public static func containsChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isChinese)
    }

    /// A CJK unified ideograph.
    public static func isChinese(_ character: Character) -> Bool {
        character.unicodeScalars.first.map(isChinese) ?? false
    }

    private static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
