import Community
import Foundation
import Storage
import Testing

@Suite("One member across networks")
struct LinkingTests {
    let now = CommunityFixture.start
    let libera = Identity(network: "libera", account: "alice")
    let oftc = Identity(network: "oftc", account: "Alice_Chen")

    @Test func linkingMergesSubscriptionsHistoryAndActivity() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        _ = try await fixture.subscriptions.grant(libera, "rust-ownership", days: 10, by: "owner", at: now)
        _ = try await fixture.subscriptions.grant(oftc, "rust-ownership", days: 30, by: "owner", at: now)
        _ = try await fixture.subscriptions.subscribe(oftc, to: "swift-basics", at: now)

        let code = try await fixture.members.linkCode(for: libera, at: now)
        let outcome = try await fixture.members.link(code.lowercased(), from: oftc, at: now.addingTimeInterval(60))
        #expect(outcome.identities == [libera, oftc])
        #expect(outcome.codeOwner == libera)
        #expect(try await fixture.members.member(of: oftc) == fixture.members.member(of: libera))

        for identity in [libera, oftc] {
            let active = try await fixture.subscriptions.activeSubscriptions(of: identity, at: now)
            #expect(Set(active.map(\.courseSlug)) == ["rust-ownership", "swift-basics"])
            let rust = active.filter { $0.courseSlug == "rust-ownership" }.compactMap(\.endsAt).max()
            #expect(rust == now.addingTimeInterval(30 * 86_400), "the later end date gives access")
        }
        #expect(try await fixture.subscriptions.history(of: libera, course: "rust-ownership").count == 2)
        #expect(try await fixture.members.interactions(of: libera).count == 3)

        // The code worked once.
        let bob = Identity(network: "oftc", account: "bob")
        await #expect(throws: LinkError.codeExpired(code)) {
            try await fixture.members.link(code, from: bob, at: now.addingTimeInterval(90))
        }
    }

    @Test func codesExpireAfterTenMinutesAndCannotLinkAMemberToItself() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let late = try await fixture.members.linkCode(for: libera, at: now)
        await #expect(throws: LinkError.codeExpired(late)) {
            try await fixture.members.link(late, from: oftc, at: now.addingTimeInterval(601))
        }
        let own = try await fixture.members.linkCode(for: libera, at: now)
        await #expect(throws: LinkError.alreadyLinked) {
            try await fixture.members.link(own, from: libera, at: now)
        }
        await #expect(throws: LinkError.noSuchCode("ZZZZ-ZZZZ")) {
            try await fixture.members.link("zzzz-zzzz", from: oftc, at: now)
        }
    }

    @Test func concurrentAttemptsWithOneCodeLetExactlyOneWin() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let code = try await fixture.members.linkCode(for: libera, at: now)
        let others = (0..<8).map { Identity(network: "net\($0)", account: "alice") }
        let wins = await withTaskGroup(of: Bool.self) { group in
            for other in others {
                group.addTask { (try? await fixture.members.link(code, from: other, at: now)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await fixture.members.identities(of: fixture.members.member(of: libera)).count == 2)
    }

    @Test func unlinkingSeparatesTheIdentityAndItsFutureButKeepsSharedHistory() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        _ = try await fixture.subscriptions.grant(oftc, "rust-ownership", days: 30, by: "owner", at: now)
        _ = try await fixture.members.link(
            try await fixture.members.linkCode(for: libera, at: now), from: oftc, at: now)
        #expect(try await fixture.members.unlink(network: "OFTC", of: libera, at: now) == oftc)
        #expect(try await fixture.members.member(of: oftc) != fixture.members.member(of: libera))
        // What was shared stays with the member; the separated identity starts empty.
        #expect(
            try await fixture.subscriptions.activeSubscriptions(of: libera, at: now).map(\.courseSlug) == [
                "rust-ownership"
            ])
        #expect(try await fixture.subscriptions.activeSubscriptions(of: oftc, at: now).isEmpty)
        _ = try await fixture.subscriptions.subscribe(oftc, to: "swift-basics", at: now)
        #expect(
            try await fixture.subscriptions.activeSubscriptions(of: libera, at: now).map(\.courseSlug) == [
                "rust-ownership"
            ])
        await #expect(throws: LinkError.onlyIdentity) {
            try await fixture.members.unlink(network: "libera", of: libera, at: now)
        }
        await #expect(throws: LinkError.noIdentity(network: "efnet")) {
            try await fixture.members.unlink(network: "efnet", of: oftc, at: now)
        }
    }
}
