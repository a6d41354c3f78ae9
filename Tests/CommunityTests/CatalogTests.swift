import Community
import Foundation
import Testing

@Suite("Catalog")
struct CatalogTests {
    @Test func searchLatinIsCaseInsensitiveAndRanked() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        #expect(try await fixture.catalog.search("SWIFT").map(\.slug) == ["swift-basics", "swift-concurrency"])
        #expect(try await fixture.catalog.search("concurrency").map(\.slug) == ["swift-concurrency"])
        #expect(try await fixture.catalog.search("swift intermediate").map(\.slug) == ["swift-concurrency"])
        #expect(try await fixture.catalog.search("advanced").map(\.slug) == ["rust-ownership"])
        #expect(try await fixture.catalog.search("free").map(\.slug) == ["swift-basics"])
        #expect(try await fixture.catalog.search("haskell").isEmpty)
    }

    @Test func searchChineseBySubstring() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        #expect(try await fixture.catalog.search("并发").map(\.slug) == ["swift-concurrency"])
        #expect(try await fixture.catalog.search("所有权").map(\.slug) == ["rust-ownership"])
        #expect(try await fixture.catalog.search("生命周期").map(\.slug) == ["rust-ownership"])
        #expect(try await fixture.catalog.search("张伟").map(\.slug) == ["rust-ownership"])
    }

    @Test func draftsAreNotListed() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        #expect(try await !fixture.catalog.search("").map(\.slug).contains("draft-course"))
        try await fixture.catalog.setStatus("draft-course", .published)
        #expect(try await fixture.catalog.search("unpublished").map(\.slug) == ["draft-course"])
    }

    @Test func importReportsCreatedUpdatedUnchangedAndIsIdempotent() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let file = """
            // a comment, JSON5 style
            { courses: [
              { slug: "swift-basics", title: "Swift Basics", summary: "Your first Swift programs", tags: ["swift", "beginner-friendly"],
                level: "beginner", price: 0, currency: "CNY", instructor: "Ada" },
              { slug: "swift-concurrency", title: "Swift Concurrency 2nd edition", tags: ["swift"], level: "intermediate", price: 19900, access_days: 365 },
              { slug: "go-basics", title: "Go 入门", level: "beginner", price: 0 },
            ] }
            """
        let courses = try CatalogFile.parse(Data(file.utf8)).get()
        let report = try await fixture.catalog.importCourses(courses)
        #expect(report.created == ["go-basics"])
        #expect(report.updated == ["swift-concurrency"])
        #expect(report.unchanged == ["swift-basics"])
        let again = try await fixture.catalog.importCourses(courses)
        #expect(again.unchanged.count == 3 && again.created.isEmpty && again.updated.isEmpty)
        #expect(try await fixture.catalog.course("go-basics")?.title == "Go 入门")
    }

    @Test func badEntryIsReportedWithIndexAndFieldAndNothingIsImported() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let file = """
            { courses: [
              { slug: "new-one", title: "New" },
              { slug: "Bad Slug", title: "x", level: "expert", price: -5, currency: "yuan" },
            ] }
            """
        switch CatalogFile.parse(Data(file.utf8)) {
        case .success: Issue.record("expected problems")
        case .failure(let problems):
            let text = problems.problems.map(\.description)
            #expect(text.contains { $0.hasPrefix("courses[1].slug:") })
            #expect(text.contains("courses[1].level: must be beginner, intermediate or advanced"))
            #expect(text.contains { $0.hasPrefix("courses[1].price:") })
            #expect(text.contains { $0.hasPrefix("courses[1].currency:") })
        }
        let missing = CatalogFile.parse(Data(#"{ courses: [ { slug: "a-b" } ] }"#.utf8))
        if case .failure(let problems) = missing {
            #expect(problems.problems.map(\.description) == ["courses[0].title: missing"])
        }
        #expect(try await fixture.catalog.course("new-one") == nil)
    }

    @Test func exportRoundTrips() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let all = try await fixture.catalog.courses()
        let data = try CatalogFile.export(all)
        let parsed = try CatalogFile.parse(data).get()
        #expect(parsed.map(\.slug) == all.map(\.slug))
        let report = try await fixture.catalog.importCourses(parsed)
        #expect(report.unchanged.count == all.count)
    }

    @Test func sampleCatalogIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Config/catalog.example.json5")
        let courses = try CatalogFile.parse(try Data(contentsOf: url)).get()
        #expect(courses.count >= 12)
        #expect(courses.contains { $0.title.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
        #expect(courses.contains { $0.price.isFree } && courses.contains { !$0.price.isFree })
    }
}

@Suite("Display width")
struct DisplayWidthTests {
    @Test func wideCharactersCountTwo() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("并发") == 4)
        #expect(DisplayWidth.of("Swift 并发") == 10)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test func fitPadsAndCuts() {
        #expect(DisplayWidth.fit("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.fit("并发编程课程", to: 8) == "并发编… ")
        #expect(DisplayWidth.of(DisplayWidth.fit("并发编程课程", to: 7)) == 7)
        #expect(DisplayWidth.fit("并发编程课程", to: 7) == "并发编…")
        #expect(DisplayWidth.fit("abcdef", to: 4) == "abc…")
    }
}
