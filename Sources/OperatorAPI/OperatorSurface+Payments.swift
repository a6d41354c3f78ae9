import AgentCore
import Community
import Foundation
import Gateways
import Synchronization

extension OperatorSurface {
    /// The provider's event body.
    private struct PaymentEvent: Decodable {
        var id: String
        var type: String
        var order: String?
        var amount: Int?
        var currency: String?
    }

    /// `POST /webhooks/payment`: checks the signature, then confirms the order exactly once.
    func paymentWebhook(_ request: HTTPRequest) async -> HTTPResponse {
        let response = await paymentOutcome(request)
        webhookCalls.withLock { $0[response.status, default: 0] += 1 }
        return response
    }

    private func paymentOutcome(_ request: HTTPRequest) async -> HTTPResponse {
        guard let secret = payments.webhookSecret else {
            log.error("payment webhook called but payments.webhook_secret_env/_file is not configured")
            return .error(401, "the webhook is not configured on this agent")
        }
        do {
            try WebhookSignature.verify(
                header: request.header("community-signature"), body: request.body, secret: secret, now: clock(),
                tolerance: payments.webhookTolerance)
        } catch {
            log.warning("payment webhook refused", metadata: ["reason": error.description])
            return .error(401, error.description)
        }
        let event: PaymentEvent
        do {
            event = try JSONDecoder().decode(PaymentEvent.self, from: Data(request.body))
        } catch {
            return .error(400, "the body is not the expected JSON object (id, type, order, amount, currency)")
        }
        guard !event.id.isEmpty, event.id.utf8.count <= 200 else { return .error(400, "missing or too long event id") }
        guard event.type == "order.paid" else {
            log.info("payment webhook event ignored", metadata: ["event": event.id, "type": event.type])
            return .json(202, encoding: ["status": "ignored"])
        }
        guard let orderID = event.order, !orderID.isEmpty, let amount = event.amount, let currency = event.currency,
            !currency.isEmpty
        else { return .error(400, "order.paid needs order, amount and currency") }
        let metadata = ["event": event.id, "order": orderID.uppercased()]
        do {
            switch try await services.subscriptions.confirmPayment(
                event: event.id, order: orderID, amountMinor: amount, currency: currency, at: clock())
            {
            case .activated(let subscription, let order):
                log.notice(
                    "order paid (webhook)",
                    metadata: metadata.merging(
                        ["member": "\(order.member)", "course": order.courseSlug], uniquingKeysWith: { a, _ in a }))
                await tell(order.member, .paid(subscription, order))
                return .json(200, encoding: ["status": "confirmed", "order": order.id])
            case .alreadyConfirmed(let order):
                log.info("payment webhook repeated; nothing changed", metadata: metadata)
                return .json(200, encoding: ["status": "already-confirmed", "order": order.id])
            case .mismatch(let order):
                log.error(
                    "payment webhook amount or currency differs from the order; order untouched",
                    metadata: metadata.merging(
                        [
                            "expected": "\(order.price.amountMinor) \(order.price.currency)",
                            "received": "\(amount) \(currency)",
                        ], uniquingKeysWith: { a, _ in a }))
                return .error(
                    422,
                    "amount or currency differs from order \(order.id) (\(order.price.amountMinor) \(order.price.currency))"
                )
            case .cancelled(let order):
                log.error(
                    "payment received for a cancelled order; refund it or grant access by hand", metadata: metadata)
                return .error(409, "order \(order.id) was cancelled; nothing changed")
            }
        } catch SubscriptionError.noSuchOrder {
            log.warning("payment webhook for an unknown order", metadata: metadata)
            return .error(404, "no order \(orderID.uppercased())")
        } catch {
            let id = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            log.error(
                "payment webhook failed",
                metadata: metadata.merging(["error": "\(error)", "error_id": id], uniquingKeysWith: { a, _ in a }))
            return .error(500, "internal error (id \(id)); the provider should retry")
        }
    }
}
