import AgentCore
import Foundation
import Testing

@Suite("Replacing a file")
struct FileReplacementTests {
    @Test func theFileIsReplacedAndNothingIsLeftBehind() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.csv").path
        func stagingFolders() -> Int {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
            return names.filter { $0.hasPrefix("TemporaryDirectory.") }.count
        }
        let before = stagingFolders()
        try FileReplacement.write(Data("first\n".utf8), to: path)
        try FileReplacement.write(Data("second\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
        // Foundation's atomic write left a `TemporaryDirectory.*` folder in /tmp per write.
        #expect(stagingFolders() <= before)
    }

    @Test func aWriteWhereNoFileCanBeThrows() throws {
        #expect(throws: (any Error).self) {
            try FileReplacement.write(Data("x".utf8), to: "/nonexistent-directory-\(UUID().uuidString)/out.csv")
        }
    }

    @Test func aTargetThatCannotBeReplacedIsLeftAsItWasWithNoStagingFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replace-\(UUID().uuidString)")
        let target = directory.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A non-empty directory cannot be renamed over.
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
        #expect(throws: (any Error).self) { try FileReplacement.write(Data("x".utf8), to: target.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken"])
        #expect(try String(contentsOf: target.appendingPathComponent("inside"), encoding: .utf8) == "keep")
    }
}
