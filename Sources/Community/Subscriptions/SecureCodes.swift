/// Random codes in a readable alphabet (no 0/O, 1/I), from the system's cryptographically
/// secure generator (`getrandom` on Linux).
public enum SecureCodes {
    /// 32 characters: A–Z without I and O, and 2–9.
    public static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// `groups` groups of `length` characters joined by `-`, e.g. `K7QX-M2PD-ZR9T` (60 bits for 3×4).
    public static func make(groups: Int = 3, length: Int = 4) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<groups).map { _ in
            String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        }.joined(separator: "-")
    }

    /// What a member typed, made comparable: upper case, separators removed, regrouped by 4;
    /// nil when it contains characters the alphabet never uses.
    public static func normalize(_ typed: String) -> String? {
        let characters = typed.uppercased().filter { $0 != "-" && $0 != " " }
        guard !characters.isEmpty, characters.allSatisfy({ alphabet.contains($0) }) else { return nil }
        var groups: [String] = []
        var rest = Substring(characters)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: "-")
    }
}
