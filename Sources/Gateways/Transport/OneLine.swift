extension String {
    /// The text with every CR, LF and NUL replaced by a space, so it can never end or split a
    /// protocol line (an IRC parameter, an HTTP header value). Compared by Unicode scalar:
    /// "\r\n" is a single `Character` and would slip past a comparison of characters.
    var onOneLine: String {
        guard unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { return self }
        return String(
            String.UnicodeScalarView(unicodeScalars.map { $0 == "\r" || $0 == "\n" || $0 == "\0" ? " " : $0 }))
    }
}
