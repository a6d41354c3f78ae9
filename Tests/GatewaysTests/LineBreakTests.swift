import Testing

@testable import Gateways

/// "\r\n" is a single Character in Swift, equal to neither "\r" nor "\n": every place that
/// keeps line breaks off the wire must look at scalars.
@Suite struct LineBreakTests {
    @Test func ircParametersLoseEveryLineBreak() {
        #expect(IRCGateway.oneLine("spam\r\nQUIT :bye") == "spam  QUIT :bye")
        #expect(IRCGateway.oneLine("a\nb\rc\0d") == "a b c d")
    }

    @Test func httpHeaderValuesLoseEveryLineBreak() {
        var response = HTTPResponse.text(200, "")
        response.headers.append(("X", "a\r\nb\nc"))
        let wire = String(decoding: response.serialized(keepAlive: true, headOnly: false, date: "D"), as: UTF8.self)
        #expect(wire.contains("X: a  b c\r\n"))
    }
}
