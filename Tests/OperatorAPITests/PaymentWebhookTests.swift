import Community
import Foundation
import Gateways
import OperatorAPI
import Storage
import Synchronization
import Testing

@Suite struct PaymentWebhookTests {
    func paid(_ order: Order, id: String = "evt_1", amount: Int? = nil, currency: String? = nil) -> String {
        """
        {"id":"\(id)","type":"order.paid","order":"\(order.id)","amount":\(amount ?? order.price.amountMinor),\
        "currency":"\(currency ?? order.price.currency)"}
        """
    }

    @Test func aSignedPaymentActivatesOnceAndTellsTheMember() async throws {
        let fixture = try await SurfaceFixture()
        let order = try await fixture.order("alice")
        let first = await fixture.webhook(paid(order))
        #expect(first.status == 200)
        #expect(first.object["status"] as? String == "confirmed")
        let member = Identity(network: "libera", account: "alice")
        #expect(
            try await fixture.services.subscriptions.activeSubscriptions(of: member).map(\.courseSlug) == [
                "swift-concurrency"
            ])
        #expect(fixture.told.withLock { $0.map(\.1) } == ["paid \(order.id)"])

        // The provider retries the same event, then sends another event for the same order.
        let again = await fixture.webhook(paid(order))
        #expect(again.status == 200 && again.object["status"] as? String == "already-confirmed")
        let other = await fixture.webhook(paid(order, id: "evt_2"))
        #expect(other.status == 200 && other.object["status"] as? String == "already-confirmed")
        #expect(try await fixture.services.subscriptions.allSubscriptions(of: member).count == 1)
        #expect(fixture.told.withLock { $0.count } == 1)
        #expect(try await fixture.services.subscriptions.orderCounts()[.paid] == 1)
    }

    @Test func badMissingAndStaleSignaturesAre401AndChangeNothing() async throws {
        let fixture = try await SurfaceFixture()
        let order = try await fixture.order("bob")
        let body = paid(order)
        let wrongSecret = await fixture.webhook(body, secret: "not-the-secret")
        #expect(wrongSecret.status == 401)
        #expect(wrongSecret.object["error"] as? String == "signature does not match")
        let unsigned = await fixture.call("POST", "/webhooks/payment", body: body)
        #expect(unsigned.status == 401)
        let now = Int(SurfaceFixture.now.timeIntervalSince1970)
        #expect(await fixture.webhook(body, timestamp: now - 301).status == 401)
        #expect(await fixture.webhook(body, timestamp: now + 301).status == 401)
        #expect(await fixture.webhook(body, timestamp: now - 299).status == 200)
        // A signature for another body (the amount changed in transit) does not match.
        let signature = WebhookSignature.header(timestamp: now, body: Array(body.utf8), secret: SurfaceFixture.secret)
        let tampered = await fixture.call(
            "POST", "/webhooks/payment", body: body.replacingOccurrences(of: "19900", with: "1"),
            headers: [("Community-Signature", signature)])
        #expect(tampered.status == 401)
        let garbled = await fixture.call(
            "POST", "/webhooks/payment", body: body, headers: [("Community-Signature", "t=abc,v1=zz")])
        #expect(garbled.status == 401)
    }

    @Test func wrongAmountOrCurrencyIs422AndTheOrderStaysPending() async throws {
        let fixture = try await SurfaceFixture()
        let order = try await fixture.order("carol")
        #expect(await fixture.webhook(paid(order, amount: 100)).status == 422)
        #expect(await fixture.webhook(paid(order, id: "evt_3", currency: "USD")).status == 422)
        #expect(try await fixture.services.subscriptions.pendingOrders(of: order.member).map(\.id) == [order.id])
        // The same event id with the right amount later still confirms: a mismatch is not recorded as handled.
        #expect(await fixture.webhook(paid(order)).status == 200)
    }

    @Test func unknownOrdersMalformedBodiesAndOtherTypes() async throws {
        let fixture = try await SurfaceFixture()
        let unknown = await fixture.webhook(
            #"{"id":"evt_9","type":"order.paid","order":"ONOPE1234","amount":1,"currency":"CNY"}"#)
        #expect(unknown.status == 404)
        #expect(await fixture.webhook("{not json").status == 400)
        #expect(await fixture.webhook(#"{"id":"evt_8","type":"order.paid"}"#).status == 400)
        #expect(await fixture.webhook(#"{"type":"order.paid"}"#).status == 400)
        let refund = await fixture.webhook(#"{"id":"evt_7","type":"order.refunded","order":"O1"}"#)
        #expect(refund.status == 202 && refund.object["status"] as? String == "ignored")
        #expect(await fixture.call("GET", "/webhooks/payment").status == 405)
    }

    @Test func aPaymentForACancelledOrderIs409AndChangesNothing() async throws {
        let fixture = try await SurfaceFixture()
        let order = try await fixture.order("gina")
        let codes = try await fixture.services.subscriptions.createCodes(
            for: "swift-concurrency", count: 1, by: "owner", at: SurfaceFixture.now)
        let redeemed = try await fixture.services.subscriptions.redeem(
            codes[0].code, for: order.member, at: SurfaceFixture.now)
        #expect(redeemed.closedOrders.map(\.id) == [order.id])
        let late = await fixture.webhook(paid(order))
        #expect(late.status == 409)
        #expect(try await fixture.services.subscriptions.allSubscriptions(of: order.member).count == 1)
        #expect(fixture.told.withLock { $0.isEmpty })
    }

    @Test func withoutASecretEveryCallIsRefused() async throws {
        let fixture = try await SurfaceFixture(secret: nil)
        let order = try await fixture.order("dave")
        #expect(await fixture.webhook(paid(order)).status == 401)
        #expect(try await fixture.services.subscriptions.pendingOrders(of: order.member).count == 1)
    }

    @Test func signatureMatchesAnIndependentHMAC() throws {
        // HMAC-SHA256("key", "1700000000.{}") as computed by Python's hmac module.
        let header = WebhookSignature.header(timestamp: 1_700_000_000, body: Array("{}".utf8), secret: "key")
        #expect(header == "t=1700000000,v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae")
    }
}
