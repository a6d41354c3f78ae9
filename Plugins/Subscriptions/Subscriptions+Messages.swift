public import AgentCore
import Community
import Foundation
import PluginSupport

extension Subscriptions {
    /// What members and owners are told, in English and Chinese.
    public static let messages = MessageCatalog([
        "views.subscriber": [.en: "{member}  {until}  ({source})", .zh: "{member}  {until}（{source}）"],
        "source.free": [.en: "free", .zh: "免费"],
        "source.code": [.en: "code", .zh: "兑换码"],
        "source.grant": [.en: "grant", .zh: "手动开通"],
        "source.payment": [.en: "payment", .zh: "付款"],
        "error.noSuchCourse": [.en: "There is no course \"{course}\".", .zh: "没有“{course}”这门课程。"],
        "error.noSuchOrder": [.en: "There is no order \"{order}\".", .zh: "没有“{order}”这个订单。"],
        "error.orderCourseGone": [
            .en: "Order {order} is for {course}, which is no longer in the catalog.",
            .zh: "订单 {order} 对应的课程 {course} 已不在课程目录中。",
        ],
        "error.malformedCode": [.en: "\"{code}\" is not a valid code.", .zh: "“{code}”不是有效的兑换码。"],
        "error.noSuchCode": [
            .en: "The code {code} does not exist; check for typos.", .zh: "兑换码 {code} 不存在，请检查是否输错。",
        ],
        "error.codeCourseWithdrawn": [
            .en: "The course of this code is no longer offered.", .zh: "这个兑换码对应的课程已下架。",
        ],
        "error.codeNotYetValid": [.en: "The code {code} is valid from {from}.", .zh: "兑换码 {code} 从 {from} 起才能使用。"],
        "error.codeExpired": [.en: "The code {code} has expired.", .zh: "兑换码 {code} 已过期。"],
        "error.alreadyRedeemed": [.en: "You have already redeemed {code}.", .zh: "你已经用过兑换码 {code} 了。"],
        "error.alreadyActive": [
            .en: "You already have {course} ({until}); keep the code for someone else.",
            .zh: "你已经有 {course} 了（{until}），这个兑换码留给别人用吧。",
        ],
        "error.codeExhausted": [.en: "The code {code} has been used up.", .zh: "兑换码 {code} 已被用完。"],
        "error.codeRevoked": [.en: "The code {code} has been withdrawn.", .zh: "兑换码 {code} 已作废。"],
        "error.codeCount": [.en: "Create between 1 and 1000 codes at a time.", .zh: "每次可以生成 1 到 1000 个兑换码。"],
        "error.uses": [.en: "A code allows between 1 and 100000 uses.", .zh: "每个兑换码可使用 1 到 100000 次。"],
        "error.days": [.en: "Days must be from 1 to {maximum}.", .zh: "天数必须在 1 到 {maximum} 之间。"],
        "owner.granted": [.en: "{account} now has {course} ({until}).", .zh: "已为 {account} 开通 {course}（{until}）。"],
        "owner.revoked": [.en: "{account} no longer has {course}.", .zh: "已取消 {account} 的 {course} 权限。"],
        "owner.notRevoked": [
            .en: "{account} had no active subscription to {course}.", .zh: "{account} 没有订阅 {course}，无需取消。",
        ],
        "owner.codesAccess": [.en: "{days} days", .zh: "{days} 天"],
        "owner.codesCourseAccess": [.en: "the course's access period", .zh: "课程自身的有效期"],
        "owner.codes": [
            .en: "{count|# code|# codes} for {course} ({uses|# use|# uses} each, {access}):",
            .zh: "{course} 的兑换码 {count} 个（每个可用 {uses} 次，{access}）：",
        ],
        "owner.codesSent": [.en: "Sent you {count|# code|# codes} privately.", .zh: "已私聊发给你 {count} 个兑换码。"],
        "owner.confirmed": [
            .en: "Order {order} confirmed: {account} has {course} ({until}).",
            .zh: "订单 {order} 已确认：{account} 已开通 {course}（{until}）。",
        ],
        "owner.alreadyConfirmed": [
            .en: "Order {order} was already confirmed; nothing changed.", .zh: "订单 {order} 之前已确认，没有任何变化。",
        ],
        "owner.alreadyCancelled": [
            .en: "Order {order} was already cancelled; nothing changed.", .zh: "订单 {order} 之前已关闭，没有任何变化。",
        ],
        "views.sent": [.en: "Sent you the details privately.", .zh: "详情已私聊发给你。"],
        "views.noOrders": [.en: "No {status} orders.", .zh: "没有{status}的订单。"],
        "views.orders": [.en: "{count} {status} {count|order|orders}", .zh: "{status}订单 {count} 个"],
        "views.revenue": [.en: " (revenue: {revenue})", .zh: "（收入：{revenue}）"],
        "views.header": [.en: "{text}:", .zh: "{text}："],
        "status.pending": [.en: "pending", .zh: "待付款"],
        "status.paid": [.en: "paid", .zh: "已付款"],
        "status.cancelled": [.en: "cancelled", .zh: "已关闭"],
        "views.nobody": [.en: "No one has access to a course right now.", .zh: "目前没有人订阅任何课程。"],
        "views.counts": [.en: "Active subscriptions: {counts}.", .zh: "当前订阅人数：{counts}。"],
        "views.nobodyHas": [.en: "No one has {course} right now.", .zh: "目前没有人订阅 {course}。"],
        "views.members": [
            .en: "{count|# member has|# members have} {course}:", .zh: "共有 {count} 人订阅了 {course}：",
        ],
        "views.noCodes": [.en: "No codes for {course}.", .zh: "{course} 还没有兑换码。"],
        "views.codes": [.en: "{count|# code|# codes} for {course}:", .zh: "{course} 的兑换码共 {count} 个："],
        "views.codeUses": [.en: "{uses}/{max} used", .zh: "已用 {uses}/{max}"],
        "views.codeValid": [.en: ", valid until {end}", .zh: "，有效期至 {end}"],
        "views.codeWithdrawn": [.en: ", withdrawn", .zh: "，已作废"],
        "views.withdrawn": [
            .en:
                "Code {code} withdrawn: it can no longer be redeemed ({uses} of {max|# use|# uses} taken; access already given stays).",
            .zh: "兑换码 {code} 已作废，无法再使用（已用 {uses}/{max} 次；已开通的权限不受影响）。",
        ],
        "until.date": [.en: "until {end}", .zh: "有效期至 {end}"],
        "until.none": [.en: "no end date", .zh: "长期有效"],
        "access.days": [.en: "{days} days of access", .zh: "{days} 天有效期"],
        "access.moreDays": [.en: "{days} more days", .zh: "再延长 {days} 天"],
        "access.unlimited": [.en: "unlimited access", .zh: "长期有效"],
        "subscribe.done": [.en: "You're subscribed to {title} ({until}). Enjoy!", .zh: "已订阅《{title}》（{until}），学习愉快！"],
        "subscribe.already": [.en: "You already have {title} ({until}).", .zh: "你已经订阅了《{title}》（{until}）。"],
        "pay.cost": [.en: "{title} costs {price} for {access}.", .zh: "《{title}》的价格是 {price}（{access}）。"],
        "pay.link": [
            .en: "Pay here: {url} (order {order}). Access starts as soon as the payment is confirmed.",
            .zh: "付款链接：{url}（订单号 {order}）。确认收款后立即开通。",
        ],
        "pay.code": [.en: "Have a code? Send me: {command} <code>", .zh: "有兑换码？请私聊发送：{command} <兑换码>"],
        "pay.sent": [.en: "Sent you the payment details for {course} privately.", .zh: "已私聊发给你 {course} 的付款方式。"],
        "renew.cost": [
            .en: "You have {title} until {end}. Renewing costs {price} for {access}, counted from {end}.",
            .zh: "你的《{title}》有效期至 {end}。续费价格为 {price}（{access}），从 {end} 起算。",
        ],
        "renew.link": [
            .en: "Pay here: {url} (order {order}). Your access continues without a gap once it is confirmed.",
            .zh: "付款链接：{url}（订单号 {order}）。确认收款后会无缝续期。",
        ],
        "renew.code": [
            .en: "Have a code? Send me: {command} <code> (it also extends from {end}).",
            .zh: "有兑换码？请私聊发送：{command} <兑换码>（同样从 {end} 起延长）。",
        ],
        "renew.sent": [.en: "Sent you the renewal details for {course} privately.", .zh: "已私聊发给你 {course} 的续费方式。"],
        "redeem.extended": [
            .en: "Code accepted: your access to {title} now runs {until}.", .zh: "兑换成功：《{title}》已延长，{until}。",
        ],
        "redeem.done": [.en: "Code accepted: you have {title} ({until}).", .zh: "兑换成功：已开通《{title}》（{until}）。"],
        "redeem.closed": [
            .en: " Your pending {count|order|orders} {orders} {count|is|are} no longer needed and closed.",
            .zh: "你待付款的订单 {orders} 已不再需要，已关闭（共 {count} 个）。",
        ],
        "unsubscribe.none": [
            .en: "You have no active subscription to {course}; see {command}.",
            .zh: "你没有订阅 {course}，可以发送 {command} 查看你的课程。",
        ],
        "unsubscribe.confirm": [
            .en: "This ends your access to {course} now (otherwise {until}). To confirm: {command}",
            .zh: "这会立即结束你的 {course} 学习权限（否则{until}）。确认请发送：{command}",
        ],
        "unsubscribe.done": [.en: "Done: your subscription to {course} has ended.", .zh: "已退订 {course}。"],
        "mycourses.none": [.en: "You have no courses yet; see {command}.", .zh: "你还没有课程，发送 {command} 看看有哪些。"],
        "mycourses.list": [.en: "Your courses: {courses}", .zh: "你的课程：{courses}"],
        "mycourses.item": [.en: "{course} ({until})", .zh: "{course}（{until}）"],
        "mycourses.pending": [
            .en: "{course} (awaiting payment, order {order})", .zh: "{course}（待付款，订单号 {order}）",
        ],
        "notice.grant": [
            .en: "You have been given {title} ({until}). See {command}.",
            .zh: "你已获赠《{title}》（{until}）。发送 {command} 查看。",
        ],
        "notice.payment": [
            .en: "Your payment for {title} (order {order}) is confirmed: you have it {until}. See {command}.",
            .zh: "你购买《{title}》的付款（订单号 {order}）已确认，{until}。发送 {command} 查看。",
        ],
        "reminder.opening": [.en: "Your access to {title} ends on {end}.", .zh: "你的《{title}》将于 {end} 到期。"],
        "reminder.withdrawn": [
            .en: " The course is no longer offered, so it cannot be renewed.", .zh: "这门课程已下架，无法续期。",
        ],
        "reminder.free": [
            .en: " After that, {command} starts it again.", .zh: "到期后发送 {command} 即可重新开通。",
        ],
        "reminder.paid": [
            .en: " To renew, send me {command} (a new order; access continues from {end}) or {redeem} <code>.",
            .zh: "续费请私聊发送 {command}（会生成新订单，从 {end} 起接续），或使用 {redeem} <兑换码>。",
        ],
    ])

    /// `until 2026-12-01` / `有效期至 2026年12月1日`, or no end date, in `language` and `zone`.
    static func until(_ end: Date?, in language: Language, zone: TimeZone) -> String {
        guard let end else { return messages.text("until.none", in: language) }
        return messages.text("until.date", ["end": .day(end)], in: language, timeZone: zone)
    }

    /// A subscription's end as a reader sees it.
    static func until(_ subscription: Subscription, _ call: Invocation) -> String {
        until(subscription.endsAt, in: call.language, zone: call.timeZone)
    }

    /// A day as a reader sees it.
    static func day(_ date: Date, _ call: Invocation) -> String {
        MessageCatalog.format(.day(date), in: call.language, timeZone: call.timeZone)
    }
}
