public import AgentCore

extension Events {
    /// Everything the plugin says, in English and Chinese.
    public static let messages = MessageCatalog([
        "events.none": [
            .en: "No upcoming events. Moderators add them with {prefix}event add.",
            .zh: "近期没有活动。版主可以用 {prefix}event add 添加活动。",
        ],
        "events.noneTagged": [.en: "No upcoming events tagged {tag}.", .zh: "近期没有标签为 {tag} 的活动。"],
        "events.item": [
            .en: "{id} {title} — {when} ({channel}, {going} going)",
            .zh: "{id} {title} — {when}（{channel}，{going} 人报名）",
        ],
        "events.list": [.en: "Upcoming events: {items}.", .zh: "近期活动：{items}。"],
        "events.more": [.en: "And {count} more.", .zh: "还有 {count} 个。"],
        "events.hint": [
            .en: "Details: {prefix}event <id>. Join: {prefix}rsvp <id>.",
            .zh: "查看详情：{prefix}event <编号>；报名：{prefix}rsvp <编号>。",
        ],

        "rsvp.going": [
            .en:
                "You're going to {id} {title} ({when}). I'll remind you 24 hours and 1 hour before; {prefix}reminders off stops private reminders.",
            .zh: "你已报名 {id} {title}（{when}）。我会在开始前 24 小时和 1 小时私信提醒你；发送 {prefix}reminders off 可关闭私信提醒。",
        ],
        "rsvp.alreadyGoing": [
            .en: "You're already going to {id} {title} ({when}).",
            .zh: "你已经报名了 {id} {title}（{when}）。",
        ],
        "rsvp.waitlisted": [
            .en:
                "{id} {title} is full: you're number {place} on the waitlist. I'll tell you privately if a place frees up.",
            .zh: "{id} {title} 已满员：你在候补名单第 {place} 位。有空位时我会私信告诉你。",
        ],
        "rsvp.maybe": [
            .en: "Noted: maybe for {id} {title}. I'll remind you before it starts ({when}).",
            .zh: "已记录：你可能参加 {id} {title}。开始前（{when}）我会提醒你。",
        ],
        "rsvp.no": [
            .en: "Noted: you're not going to {id} {title}.",
            .zh: "已记录：你不参加 {id} {title}。",
        ],
        "rsvp.promoted": [
            .en: "A place freed up: you're now going to {id} {title} ({when}).",
            .zh: "有人退出了：你已从候补转为正式参加 {id} {title}（{when}）。",
        ],

        "event.notFound": [
            .en: "There is no event {id}. See {prefix}events.",
            .zh: "没有编号为 {id} 的活动。请查看 {prefix}events。",
        ],
        "event.isCancelled": [
            .en: "{id} {title} was cancelled.", .zh: "{id} {title} 已取消。",
        ],
        "event.isOver": [
            .en: "{id} {title} has already started or ended.", .zh: "{id} {title} 已经开始或结束了。",
        ],
        "event.detail": [
            .en: "{id} · {title} — {when} in {channel}.", .zh: "{id} · {title} — {when}，在 {channel}。",
        ],
        "event.cancelledDetail": [
            .en: "{id} · {title} — was {when} in {channel}; cancelled ({reason}).",
            .zh: "{id} · {title} — 原定 {when} 在 {channel}；已取消（{reason}）。",
        ],
        "event.doneDetail": [
            .en: "{id} · {title} — took place {when} in {channel}.",
            .zh: "{id} · {title} — 已于 {when} 在 {channel} 举行。",
        ],
        "event.host": [.en: "Host: {host}.", .zh: "主持：{host}。"],
        "event.course": [.en: "Course: {course}.", .zh: "相关课程：{course}。"],
        "event.tags": [.en: "Tags: {tags}.", .zh: "标签：{tags}。"],
        "event.counts": [
            .en: "{going} going, {maybe} maybe, {waiting} waiting.",
            .zh: "{going} 人参加，{maybe} 人可能参加，{waiting} 人候补。",
        ],
        "event.capacity": [.en: "Capacity {capacity}.", .zh: "名额 {capacity}。"],
        "event.youGoing": [.en: "You: going.", .zh: "你：参加。"],
        "event.youMaybe": [.en: "You: maybe.", .zh: "你：可能参加。"],
        "event.youNo": [.en: "You: not going.", .zh: "你：不参加。"],
        "event.youWaiting": [.en: "You: number {place} on the waitlist.", .zh: "你：候补第 {place} 位。"],
        "event.youUnanswered": [
            .en: "Join with {prefix}rsvp {id} (or maybe / no).",
            .zh: "报名请发送 {prefix}rsvp {id}（或 maybe / no）。",
        ],
        "ics.link": [.en: "Calendar file for {id}: {url}", .zh: "{id} 的日历文件：{url}"],
        "ics.cli": [
            .en:
                "No calendar link is set up yet for {id}: an operator can write the calendar with community-agent events export --ics FILE.",
            .zh: "还没有配置 {id} 的日历链接：运维人员可以用 community-agent events export --ics FILE 导出日历文件。",
        ],

        "add.whichChannel": [
            .en: "Which channel is it in? Add one, e.g. {prefix}event add \"Study night\" fri 20:00 #community.",
            .zh: "活动在哪个频道？请加上频道，例如 {prefix}event add \"学习夜\" 周五 20:00 #community。",
        ],
        "add.title": [
            .en:
                "Put the title in quotes first: {prefix}event add \"Study night\" fri 20:00 [for 90m] [#channel] [cap N] [tags].",
            .zh: "请先写带引号的标题：{prefix}event add \"学习夜\" 周五 20:00 [for 90m] [#频道] [cap 人数] [标签]。",
        ],
        "add.duration": [
            .en: "{word} is not a duration: write for 90m, for 2h or for 1h30m (at most 7 days).",
            .zh: "{word} 不是时长：请写 for 90m、for 2h 或 for 1h30m（最长 7 天）。",
        ],
        "add.capacity": [
            .en: "{word} is not a capacity: write cap and a number from 1 to 10000 (or none).",
            .zh: "{word} 不是有效的人数上限：请写 cap 加 1 到 10000 之间的数字（或 none）。",
        ],
        "add.tag": [
            .en: "{word} is not a tag: tags are single words of letters, digits and dashes.",
            .zh: "{word} 不是有效的标签：标签是由字母、数字和短横线组成的单个词。",
        ],
        "add.done": [
            .en: "Added {id}: {title} — {when} ({duration}) in {channel}.",
            .zh: "已添加 {id}：{title} — {when}（{duration}），在 {channel}。",
        ],
        "add.doneCapped": [
            .en: "Added {id}: {title} — {when} ({duration}) in {channel}, {capacity} places.",
            .zh: "已添加 {id}：{title} — {when}（{duration}），在 {channel}，名额 {capacity} 人。",
        ],
        "add.reminders": [
            .en: "Reminders go out 24 h and 1 h before and at the start; members join with {prefix}rsvp {id}.",
            .zh: "开始前 24 小时、1 小时和开始时会发提醒；成员可以用 {prefix}rsvp {id} 报名。",
        ],
        "edit.value": [
            .en: "Give the new {field}: {prefix}event edit <id> {field} <value>.",
            .zh: "请给出新的 {field}：{prefix}event edit <编号> {field} <值>。",
        ],
        "edit.channel": [
            .en: "{word} is not a channel: channels start with #.", .zh: "{word} 不是频道名：频道名以 # 开头。",
        ],
        "edit.done": [.en: "Changed {id}: {field} is now {value}.", .zh: "已修改 {id}：{field}现在是 {value}。"],
        "field.title": [.en: "title", .zh: "标题"],
        "field.description": [.en: "description", .zh: "描述"],
        "field.when": [.en: "when", .zh: "时间"],
        "field.duration": [.en: "duration", .zh: "时长"],
        "field.channel": [.en: "channel", .zh: "频道"],
        "field.cap": [.en: "cap", .zh: "名额上限"],
        "field.tags": [.en: "tags", .zh: "标签"],
        "field.course": [.en: "course", .zh: "相关课程"],
        "cancel.done": [
            .en: "Cancelled {id} {title}; told {count|# member|# members} privately and {channel} once.",
            .zh: "已取消 {id} {title}；已私信通知 {count} 位成员，并在 {channel} 通知一次。",
        ],

        "notice.moved": [
            .en: "{id} {title} has moved: it now starts {when}.",
            .zh: "{id} {title} 改时间了：现在于 {when} 开始。",
        ],
        "notice.cancelled": [
            .en: "{id} {title} ({when}) is cancelled.", .zh: "{id} {title}（{when}）已取消。",
        ],
        "notice.cancelledBecause": [
            .en: "{id} {title} ({when}) is cancelled: {reason}.", .zh: "{id} {title}（{when}）已取消：{reason}。",
        ],

        "post.created": [
            .en: "New event {id}: {title} — {when}. Details: {prefix}event {id}; join: {prefix}rsvp {id}.",
            .zh: "新活动 {id}：{title} — {when}。详情：{prefix}event {id}；报名：{prefix}rsvp {id}。",
        ],
        "post.day": [
            .en: "Tomorrow: {id} {title} — {when} in {channel} ({going} going). Join: {prefix}rsvp {id}.",
            .zh: "明天：{id} {title} — {when}，在 {channel}（{going} 人报名）。报名：{prefix}rsvp {id}。",
        ],
        "post.hour": [
            .en: "In 1 hour: {id} {title} — {when} in {channel} ({going} going).",
            .zh: "1 小时后开始：{id} {title} — {when}，在 {channel}（{going} 人报名）。",
        ],
        "post.start": [
            .en: "Starting now: {id} {title} in {channel}.", .zh: "现在开始：{id} {title}，在 {channel}。",
        ],
        "post.late": [
            .en: "(Late: this was planned for {planned}; the agent was offline.)",
            .zh: "（迟发：原定于 {planned} 发出，当时机器人不在线。）",
        ],
        "remind.day": [
            .en: "Reminder: {id} {title} is tomorrow, {when}, in {channel}.",
            .zh: "提醒：{id} {title} 在明天 {when}，在 {channel}。",
        ],
        "remind.hour": [
            .en: "Reminder: {id} {title} starts in 1 hour ({when}) in {channel}.",
            .zh: "提醒：{id} {title} 将在 1 小时后（{when}）开始，在 {channel}。",
        ],

        "announce.usage": [
            .en:
                "Usage: {prefix}announce #channel <when | every …> <text>, e.g. {prefix}announce #community every monday 09:00 Weekly check-in!",
            .zh: "用法：{prefix}announce #频道 <时间 | every …> <内容>，例如 {prefix}announce #community 每周一 9:00 每周打卡！",
        ],
        "announce.once": [.en: "once", .zh: "一次性"],
        "announce.planned": [
            .en: "Announcement {id} planned: {rule} in {channel}; next {next}.",
            .zh: "公告 {id} 已安排：{rule}，发到 {channel}；下次 {next}。",
        ],
        "announce.item": [
            .en: "{id} {rule} in {channel}, next {next}: {text}", .zh: "{id} {rule}，发到 {channel}，下次 {next}：{text}",
        ],
        "announce.none": [.en: "No announcements are planned.", .zh: "目前没有安排公告。"],
        "announce.notFound": [.en: "There is no announcement {id}.", .zh: "没有编号为 {id} 的公告。"],
        "announce.cancelled": [.en: "Announcement {id} stopped.", .zh: "公告 {id} 已停止。"],

        "digest.header": [.en: "This week in the community:", .zh: "本周社区动态："],
        "digest.events": [.en: "Coming up: {items}.", .zh: "即将举行：{items}。"],
        "digest.courses": [.en: "New courses: {items}.", .zh: "新课程：{items}。"],
        "digest.learners": [.en: "Top learners: {items}.", .zh: "本周学习之星：{items}。"],
        "digest.quiet": [
            .en: "A quiet week: no new courses or events yet.", .zh: "本周比较安静：还没有新课程或活动。",
        ],
        "digest.footer": [
            .en: "See {prefix}events and {prefix}courses.", .zh: "查看 {prefix}events 和 {prefix}courses。",
        ],
    ])
}
