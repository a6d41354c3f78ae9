import AgentCore
import Community
import Foundation
import Gateways

extension OperatorSurface {
    struct SubscriptionDocument: Encodable {
        var id: Int64
        var network: String
        var account: String
        var course: String
        var status: String
        var source: String
        var starts_at: Date?
        var ends_at: Date?
        var active: Bool

        init(_ subscription: Subscription, now: Date) {
            id = subscription.id
            network = subscription.member.network
            account = subscription.member.account
            course = subscription.courseSlug
            status = subscription.status.rawValue
            source = subscription.source.rawValue
            starts_at = subscription.startsAt
            ends_at = subscription.endsAt
            active = subscription.isActive(at: now)
        }
    }

    struct MemberSubscriptions: Encodable {
        var network: String
        var account: String
        var subscriptions: [SubscriptionDocument]
    }

    /// `GET /api/members/<account>/subscriptions[?network=N]` (operator token): every
    /// subscription of the member behind that account, newest first.
    func memberSubscriptions(_ account: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        guard let network = request.queryValue("network") ?? (networks.count == 1 ? networks[0] : nil) else {
            return .error(400, "name the network: ?network=" + networks.joined(separator: "|"))
        }
        guard networks.contains(network) else { return .error(404, "no network \"\(network)\"") }
        let identity = Identity(network: network, account: account)
        let now = clock()
        let subscriptions = try await services.subscriptions.allSubscriptions(of: identity)
        return .json(
            200,
            encoding: MemberSubscriptions(
                network: network, account: account,
                subscriptions: subscriptions.map { SubscriptionDocument($0, now: now) }))
    }

    private struct GrantRequest: Decodable {
        var network: String?
        var account: String
        var course: String
        var days: Int?
    }

    /// `POST /api/subscriptions` (operator token): gives a member access, as `!grant` does —
    /// extending access they have, closing their pending orders, telling them privately.
    func grant(_ request: HTTPRequest) async throws -> HTTPResponse {
        let asked: GrantRequest
        do {
            asked = try JSONDecoder().decode(GrantRequest.self, from: Data(request.body))
        } catch {
            return .error(400, "send JSON {\"account\": …, \"course\": …, \"network\"?: …, \"days\"?: …}")
        }
        guard let network = asked.network ?? (networks.count == 1 ? networks[0] : nil) else {
            return .error(400, "name the network: one of " + networks.joined(separator: ", "))
        }
        guard networks.contains(network) else { return .error(404, "no network \"\(network)\"") }
        guard !asked.account.isEmpty, asked.account.utf8.count <= 100 else { return .error(400, "account is empty") }
        let identity = Identity(network: network, account: asked.account)
        do {
            let subscription = try await services.subscriptions.grant(
                identity, asked.course, days: asked.days, by: "api", at: clock())
            log.notice(
                "access granted (API)",
                metadata: ["member": "\(identity)", "course": subscription.courseSlug, "by": "api"])
            await tell(identity, .granted(subscription))
            return .json(201, encoding: SubscriptionDocument(subscription, now: clock()))
        } catch let error as SubscriptionError {
            switch error {
            case .noSuchCourse: return .error(404, error.description)
            default: return .error(422, error.description)
            }
        }
    }

    /// `GET /me/data/<token>`: a member's whole data export, through the one-time link `!mydata`
    /// sent them (valid an hour, once).
    func memberData(_ token: String) async throws -> HTTPResponse {
        guard token.utf8.count <= 64, let identity = try await services.members.useDataLink(token, at: clock()),
            let export = try await services.members.exportData(of: identity, at: clock())
        else {
            return .error(410, "this link has expired or was used already; send !mydata for a new one")
        }
        log.notice("member data exported through a link", metadata: ["member": "\(identity)"])
        var response = HTTPResponse.json(200, encoding: export)
        response.headers += [
            ("Cache-Control", "no-store"),
            ("Content-Disposition", "attachment; filename=\"community-data.json\""),
        ]
        return response
    }

    /// `GET /calendar.ics`: upcoming events (cancelled ones marked so) as an RFC 5545 calendar.
    func calendarFeed() async throws -> HTTPResponse {
        guard let calendar = services.calendar else { return .error(404, "the events plugin is off") }
        let now = clock()
        let events = try await services.events.upcoming(from: now, limit: 10_000, includingCancelled: true)
        return HTTPResponse(
            status: 200, contentType: "text/calendar; charset=utf-8",
            body: Array(calendar.calendar(events, stampedAt: now).utf8),
            headers: [("Content-Disposition", "inline; filename=\"calendar.ics\""), ("Cache-Control", "no-cache")])
    }

    /// `GET /events/<id>.ics`: one event.
    func eventFeed(_ id: String) async throws -> HTTPResponse {
        guard let calendar = services.calendar else { return .error(404, "the events plugin is off") }
        guard let event = try await services.events.event(id.lowercased()) else {
            return .error(404, "no event \"\(id)\"")
        }
        return HTTPResponse(
            status: 200, contentType: "text/calendar; charset=utf-8",
            body: Array(calendar.calendar([event], stampedAt: clock()).utf8),
            headers: [("Content-Disposition", "inline; filename=\"\(event.id).ics\""), ("Cache-Control", "no-cache")])
    }
}
