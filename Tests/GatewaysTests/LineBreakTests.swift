import Testing

@testable import Gateways

/// "\r\n" is a single Character in Swift, equal to neither "\r" nor "\n": every place that
/// keeps line breaks off the wire must look at scalars.
@Suite struct LineBreakTests {
    @Test func protocolTextLosesEveryLineBreak() {
        #expect("spam\r\nQUIT :bye".onOneLine == "spam  QUIT :bye")
        #expect("a\nb\rc\0d".onOneLine == "a b c d")
        #expect("学习 #swift".onOneLine == "学习 #swift")
    }

    @Test func httpHeaderValuesLoseEveryLineBreak() {
        var response = HTTPResponse.text(200, "")
        response.headers.append(("X", "a\r\nb\nc"))
        let wire = String(decoding: response.serialized(keepAlive: true, headOnly: false, date: "D"), as: UTF8.self)
        #expect(wire.contains("X: a  b c\r\n"))
    }
}
