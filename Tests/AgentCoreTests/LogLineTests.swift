import AgentCore
import Foundation
import Testing

@Suite struct LogLineTests {
    @Test func aValueWithCRLFStaysOnOneLogLine() {
        let entry = LogEntry(
            time: Date(timeIntervalSince1970: 0), level: .info, label: "t", message: "m",
            metadata: ["line": "one\r\ntwo"])
        let line = StandardErrorLogSink.format(entry)
        #expect(!line.unicodeScalars.contains("\n") && !line.unicodeScalars.contains("\r"))
        #expect(line.contains("one\\r\\ntwo"))
    }
}
