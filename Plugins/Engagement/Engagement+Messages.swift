public import AgentCore

extension Engagement {
    /// Everything the plugin says, in English and Chinese.
    public static let messages = MessageCatalog([
        "activity.self": [
            .en: "Your activity: {a} ({state}; {threshold} is the line). Last 30 days: {spark}. This week: {moved}.",
            .zh: "你的活跃度：{a}（{state}，活跃线是 {threshold}）。近 30 天：{spark}。本周：{moved}。",
        ],
        "activity.other": [
            .en:
                "{name}'s activity: {a} ({state}; {threshold} is the line). Last 30 days: {spark}. This week: {moved}.",
            .zh: "{name} 的活跃度：{a}（{state}，活跃线是 {threshold}）。近 30 天：{spark}。本周：{moved}。",
        ],
        "activity.notIdentified": [
            .en: "{nick} is not identified, so I keep no activity for them.",
            .zh: "{nick} 没有登录，我不会记录其活跃度。",
        ],
        "state.active": [.en: "active", .zh: "活跃"],
        "state.cooling": [.en: "cooling down", .zh: "正在降温"],
        "state.quiet": [.en: "quiet", .zh: "不活跃"],
        "moved.nothing": [.en: "nothing yet", .zh: "还没有动静"],
        "kind.message": [.en: "{count|# message|# messages}", .zh: "{count} 条发言"],
        "kind.command": [.en: "{count|# command|# commands}", .zh: "{count} 条命令"],
        "kind.view": [.en: "{count|# course view|# course views}", .zh: "浏览课程 {count} 次"],
        "kind.subscribe": [.en: "{count|# subscription|# subscriptions}", .zh: "订阅 {count} 门"],
        "kind.redeem": [.en: "{count|# code redeemed|# codes redeemed}", .zh: "兑换 {count} 次"],
        "kind.cancel": [.en: "{count|# cancellation|# cancellations}", .zh: "退订 {count} 次"],
        "kind.complete": [.en: "{count|# course completed|# courses completed}", .zh: "学完 {count} 门课"],
        "kind.rsvp": [.en: "{count|# RSVP|# RSVPs}", .zh: "报名活动 {count} 次"],
        "kind.mention": [.en: "{count|# course mention|# course mentions}", .zh: "提到课程 {count} 次"],
        "kind.thanks": [.en: "{count|# thanks|# thanks} received", .zh: "收到感谢 {count} 次"],

        "stats.header": [
            .en:
                "Last {days} days: {active|# active member|# active members} {activeSpark}; {messages|# message|# messages} {messageSpark}; {commands|# command|# commands} {commandSpark}.",
            .zh:
                "近 {days} 天：活跃成员 {active} 人 {activeSpark}；发言 {messages} 条 {messageSpark}；命令 {commands} 条 {commandSpark}。",
        ],
        "stats.topViewed": [.en: "Most viewed: {courses}.", .zh: "浏览最多：{courses}。"],
        "stats.topSubscribed": [.en: "Most subscribed: {courses}.", .zh: "订阅最多：{courses}。"],
        "stats.noCourses": [.en: "No course views or subscriptions yet.", .zh: "还没有人浏览或订阅课程。"],
        "stats.cooling": [
            .en: "Cooling down now: {count|# member|# members}{names}.",
            .zh: "正在降温的成员：{count} 人{names}。",
        ],
        "stats.recs": [
            .en:
                "Recommendations in the last 30 days: {shown} shown, {converted} converted within 14 days ({rate}) — {kinds}.",
            .zh: "近 30 天的推荐：展示 {shown} 次，14 天内转化 {converted} 次（{rate}）——{kinds}。",
        ],
        "stats.recsKind": [
            .en: "{kind}: {shown} → {converted} ({rate})", .zh: "{kind}：{shown} → {converted}（{rate}）",
        ],
        "stats.recsNone": [
            .en: "No recommendations were shown in the last 30 days.", .zh: "近 30 天没有展示过推荐。",
        ],
        "stats.recsOff": [.en: "Recommendations are not switched on.", .zh: "推荐功能没有开启。"],
        "recsKind.similar": [.en: "because you took", .zh: "因为学过"],
        "recsKind.peers": [.en: "members like you", .zh: "同好在学"],
        "recsKind.topic": [.en: "your interests", .zh: "符合兴趣"],
        "recsKind.popular": [.en: "popular", .zh: "热门"],
        "stats.courseCount": [.en: "{course} ({count})", .zh: "{course}（{count}）"],
        "stats.nudges": [
            .en:
                "Nudges in the last 30 days: {sent} sent, {returned} came back within 7 days ({rate}), {optedOut} opted out since, {absent} not seen in time.",
            .zh: "近 30 天的活跃提醒：发出 {sent} 条；7 天内回来 {returned} 人（{rate}）；之后关掉提醒 {optedOut} 人；对方一直不在线而作罢 {absent} 条。",
        ],

        "thanks.done": [
            .en: "{nick} gets a learning point from you. Thanks for saying thanks!",
            .zh: "收到你的感谢，{nick} 获得 1 个学习积分！",
        ],
        "thanks.yourself": [.en: "You can't thank yourself — but well done anyway.", .zh: "不能感谢自己哦——不过还是给你点个赞。"],
        "thanks.agent": [
            .en: "Glad to help! Thanks are for fellow members, though.", .zh: "很高兴能帮上忙！不过感谢还是留给其他成员吧。",
        ],
        "thanks.notIdentified": [
            .en:
                "{nick} is not identified (or not here), so the point would reach no one. Ask them to log in with NickServ.",
            .zh: "{nick} 没有登录（或不在频道里），积分没法记到对方名下。请对方先用 NickServ 登录。",
        ],
        "thanks.alreadyToday": [
            .en: "You have thanked {nick} today already; try again tomorrow.",
            .zh: "你今天已经感谢过 {nick} 了，明天再来吧。",
        ],
        "thanks.dailyLimit": [
            .en: "You have given {limit|# thanks|# thanks} today, the most per day; try again tomorrow.",
            .zh: "你今天已经感谢了 {limit} 次，达到每天的上限，明天再来吧。",
        ],

        "done.recorded": [
            .en: "Well done! {title} is marked completed — {points|# learning point|# learning points} for you.",
            .zh: "太棒了！《{title}》已标记为学完，获得 {points} 个学习积分。",
        ],
        "done.recordedFor": [
            .en: "{title} is marked completed for {account}.", .zh: "已为 {account} 标记学完《{title}》。",
        ],
        "done.already": [
            .en: "{title} was marked completed on {day} already.", .zh: "《{title}》已在 {day} 标记为学完。",
        ],
        "done.notSubscribed": [
            .en: "You are not subscribed to {title}; subscribe with {command} first.",
            .zh: "你还没有订阅《{title}》，请先发送 {command} 订阅。",
        ],

        "leaderboard.header": [
            .en: "Learning points, {period}:", .zh: "学习积分排行（{period}）：",
        ],
        "leaderboard.line": [.en: "{rank}. {name} — {points|# point|# points}", .zh: "{rank}. {name} — {points} 分"],
        "leaderboard.empty": [
            .en:
                "No learning points {period} yet: complete a course ({command} <course>) or thank someone who helped you.",
            .zh: "{period}还没有人获得学习积分：学完一门课（{command} <课程>），或者感谢帮助过你的人，都能得分。",
        ],
        "period.7d": [.en: "last 7 days", .zh: "近 7 天"],
        "period.30d": [.en: "last 30 days", .zh: "近 30 天"],
        "period.all": [.en: "all time", .zh: "全部时间"],

        "nudge.renew": [
            .en: "Hi {nick}! Your access to {title} ends on {day}; renew any time with {command}.",
            .zh: "{nick}，你好！你的《{title}》将在 {day} 到期，随时可以发送 {command} 续订。",
        ],
        "nudge.course": [
            .en: "Hi {nick}, it's been quiet lately. You might like {title} ({reason}): {command}",
            .zh: "{nick}，好久不见！推荐你看看《{title}》（{reason}）：{command}",
        ],
        "nudge.browse": [
            .en: "Hi {nick}, it's been quiet lately. See what's new with {command}.",
            .zh: "{nick}，好久不见！发送 {command} 看看最近有什么新课程。",
        ],
        "nudge.stop": [
            .en: " (You get these because nudges are on; {command} stops them.)",
            .zh: "（你开启了活跃提醒才会收到这条消息，发送 {command} 即可关闭。）",
        ],
        "reason.topic": [
            .en: "popular with members learning {tag} this month", .zh: "本月学习 {tag} 的成员订阅最多",
        ],
        "reason.popular": [.en: "the most subscribed course this month", .zh: "本月订阅最多的课程"],
        "reason.liked": [.en: "popular in the community", .zh: "社区里很受欢迎"],
        "reason.because": [.en: "because you took {title}", .zh: "因为你学过《{title}》"],
        "reason.peers": [.en: "popular with members learning {tag}", .zh: "学 {tag} 的成员都在学"],
        "reason.new": [.en: "new in the catalog", .zh: "新上架的课程"],
        "reason.topicNew": [.en: "new in {tag}", .zh: "{tag} 方向的新课"],
        "reason.inTopic": [.en: "more {tag}, which you follow", .zh: "你关注的 {tag} 方向"],
    ])
}
