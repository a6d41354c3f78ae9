import Community
import Foundation

/// `orders list`, `subscriptions list`, `codes list`, `members list`: the owners' views for
/// scripts, as CSV (default) or JSON (`--format json`).
enum ListCommands {
    /// Runs one list; nil when the words are not a list command (the caller shows the usage).
    static func run(
        _ subcommand: String, _ positional: [String], options: [String: String], services: Services
    ) async throws -> TableOutput? {
        switch (subcommand, positional) {
        case ("orders", ["list"]):
            let status = try options["status"].map { try parse($0, as: Order.Status.self, option: "status") }
            var table = TableOutput(columns: [
                "order", "network", "account", "course", "amount", "currency", "status", "created",
            ])
            for order in try await services.subscriptions.orders(status: status) {
                table.rows.append([
                    order.id, order.member.network, order.member.account, order.courseSlug,
                    order.price.decimalText, order.price.currency,
                    order.status.rawValue, order.createdAt.formatted(.iso8601),
                ])
            }
            return table
        case ("subscriptions", ["list"]):
            let status = try options["status"].map { try parse($0, as: SubscriptionStatus.self, option: "status") }
            var table = TableOutput(
                columns: ["id", "network", "account", "course", "status", "source", "reference", "starts", "ends"])
            for subscription in try await services.subscriptions.subscriptions(
                course: options["course"], status: status)
            {
                table.rows.append([
                    String(subscription.id), subscription.member.network, subscription.member.account,
                    subscription.courseSlug, subscription.status.rawValue, subscription.source.rawValue,
                    subscription.reference ?? "", subscription.startsAt?.formatted(.iso8601) ?? "",
                    subscription.endsAt?.formatted(.iso8601) ?? "",
                ])
            }
            return table
        case ("codes", let words) where words.first == "list" && words.count <= 2:
            var table = TableOutput(
                columns: ["code", "course", "uses", "max_uses", "access_days", "valid_until", "withdrawn"])
            for code in try await services.subscriptions.codes(course: words.count == 2 ? words[1] : nil) {
                table.rows.append([
                    code.code, code.courseSlug, String(code.uses), String(code.maximumUses),
                    code.accessDays.map(String.init) ?? "", code.validUntil?.formatted(.iso8601) ?? "",
                    code.revokedAt?.formatted(.iso8601) ?? "",
                ])
            }
            return table
        case ("members", ["list"]):
            var table = TableOutput(columns: ["network", "account", "last_nick", "last_seen", "active_courses"])
            for seen in try await services.members.seenMembers() {
                let active = try await services.subscriptions.activeSubscriptions(of: seen.member)
                table.rows.append([
                    seen.member.network, seen.member.account, seen.nick, seen.seenAt.formatted(.iso8601),
                    Set(active.map(\.courseSlug)).sorted().joined(separator: " "),
                ])
            }
            return table
        default:
            return nil
        }
    }

    /// An option's value as one of an enumeration's cases, or a usage error naming them.
    private static func parse<Value: RawRepresentable & CaseIterable>(
        _ text: String, as type: Value.Type, option: String
    ) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text.lowercased()) else {
            throw UsageError(
                "--\(option) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
        }
        return value
    }
}

/// A mistake in how a command line was written (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
