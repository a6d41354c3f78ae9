import Community
import Foundation
import Gateways
import OperatorAPI
import Storage
import Synchronization
import Testing

@Suite struct CourseAPITests {
    @Test func listsPublishedCoursesWithStableFields() async throws {
        let fixture = try await SurfaceFixture()
        let response = await fixture.call("GET", "/api/courses")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        let courses = try #require(response.object["courses"] as? [[String: Any]])
        #expect(courses.map { $0["slug"] as? String } == ["rust-ownership", "swift-basics", "swift-concurrency"])
        #expect(response.object["total"] as? Int == 3)
        let rust = courses[0]
        #expect(
            Set(rust.keys) == [
                "slug", "title", "summary", "description", "tags", "level", "price", "access_days", "instructor",
                "updated_at",
            ])
        #expect(rust["title"] as? String == "Rust 所有权与借用")
        let price = try #require(rust["price"] as? [String: Any])
        #expect(price["amount_minor"] as? Int == 29_900 && price["currency"] as? String == "CNY")
    }

    @Test func searchesFiltersAndPagesLikeTheChatCommand() async throws {
        let fixture = try await SurfaceFixture()
        let chatOrder = try await fixture.services.catalog.search("swift").map(\.slug)
        let searched = await fixture.call("GET", "/api/courses?q=swift")
        #expect((searched.object["courses"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } == chatOrder)
        let tagged = await fixture.call("GET", "/api/courses?tag=concurrency")
        #expect((tagged.object["courses"] as? [[String: Any]])?.count == 1)
        let level = await fixture.call("GET", "/api/courses?level=advanced")
        #expect((level.object["courses"] as? [[String: Any]])?.first?["slug"] as? String == "rust-ownership")
        #expect(await fixture.call("GET", "/api/courses?level=expert").status == 400)
        #expect(await fixture.call("GET", "/api/courses?limit=0").status == 400)
        #expect(await fixture.call("GET", "/api/courses?cursor=garbage").status == 400)

        var seen: [String] = []
        var target = "/api/courses?limit=2"
        for _ in 0..<5 {
            let page = await fixture.call("GET", target)
            seen += (page.object["courses"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
            guard let next = page.object["next_cursor"] as? String else { break }
            target = "/api/courses?limit=2&cursor=\(next)"
        }
        #expect(seen == ["rust-ownership", "swift-basics", "swift-concurrency"])
    }

    @Test func aCourseByItsSlugAndDraftsAreHidden() async throws {
        let fixture = try await SurfaceFixture()
        let course = await fixture.call("GET", "/api/courses/swift-concurrency")
        #expect(course.status == 200 && course.object["level"] as? String == "intermediate")
        #expect(await fixture.call("GET", "/api/courses/draft-course").status == 404)
        let unknown = await fixture.call("GET", "/api/courses/nope")
        #expect(unknown.status == 404 && unknown.object["error"] != nil)
        #expect(await fixture.call("POST", "/api/courses", body: "{}").status == 405)
        #expect(await fixture.call("GET", "/nothing-here").status == 404)
    }

    @Test func etagsLetClientsSkipUnchangedCatalogs() async throws {
        let fixture = try await SurfaceFixture()
        let first = await fixture.call("GET", "/api/courses")
        let tag = try #require(first.header("ETag"))
        let again = await fixture.call("GET", "/api/courses", headers: [("If-None-Match", tag)])
        #expect(again.status == 304 && again.body.isEmpty)
        var course = SurfaceFixture.courses[1]
        course.title = "Swift Concurrency, revised"
        try await fixture.services.catalog.save(course)
        let changed = await fixture.call("GET", "/api/courses", headers: [("If-None-Match", tag)])
        #expect(changed.status == 200 && changed.header("ETag") != tag)
    }

    @Test func operatorEndpointsNeedALiveToken() async throws {
        let fixture = try await SurfaceFixture()
        let grant = #"{"account":"erin","course":"rust-ownership","days":10}"#
        #expect(await fixture.call("POST", "/api/subscriptions", body: grant).status == 401)
        let token = try await fixture.services.tokens.create("website")
        let auth = [("Authorization", "Bearer \(token)")]
        #expect(
            await fixture.call("POST", "/api/subscriptions", body: grant, headers: [("Authorization", "Bearer cat_x")])
                .status == 401)
        let granted = await fixture.call("POST", "/api/subscriptions", body: grant, headers: auth)
        #expect(granted.status == 201)
        #expect(granted.object["course"] as? String == "rust-ownership" && granted.object["active"] as? Bool == true)
        #expect(fixture.told.withLock { $0.map(\.1) } == ["granted rust-ownership"])
        let listed = await fixture.call("GET", "/api/members/erin/subscriptions", headers: auth)
        #expect(listed.status == 200)
        #expect((listed.object["subscriptions"] as? [[String: Any]])?.first?["source"] as? String == "grant")
        #expect(await fixture.call("POST", "/api/subscriptions", body: "[]", headers: auth).status == 400)
        let unknownCourse = #"{"account":"erin","course":"nope"}"#
        #expect(await fixture.call("POST", "/api/subscriptions", body: unknownCourse, headers: auth).status == 404)
        try await fixture.services.tokens.revoke("website")
        #expect(await fixture.call("GET", "/api/members/erin/subscriptions", headers: auth).status == 401)
        #expect(try await fixture.services.tokens.list().first?.lastUsedAt != nil)
    }
}

@Suite struct MemberDataLinkTests {
    @Test func aDataLinkServesTheExportOnceThen410() async throws {
        let fixture = try await SurfaceFixture()
        let member = Identity(network: "libera", account: "frank")
        _ = try await fixture.order("frank")
        let token = try await fixture.services.members.makeDataLink(for: member, at: SurfaceFixture.now)
        let first = await fixture.call("GET", "/me/data/\(token)")
        #expect(first.status == 200)
        #expect(first.header("Cache-Control") == "no-store")
        let sections = try #require(first.object["sections"] as? [String: Any])
        #expect((sections["orders"] as? [[String: Any]])?.count == 1)
        #expect((first.object["identities"] as? [[String: Any]])?.first?["account"] as? String == "frank")
        #expect(await fixture.call("GET", "/me/data/\(token)").status == 410)
        #expect(await fixture.call("GET", "/me/data/guess").status == 410)
    }
}
