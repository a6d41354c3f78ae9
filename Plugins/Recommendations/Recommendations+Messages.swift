public import AgentCore

extension Recommendations {
    /// Everything the plugin says, in English and Chinese.
    public static let messages = MessageCatalog([
        "recommend.header": [.en: "Recommended for you:", .zh: "为你推荐："],
        "recommend.headerTag": [.en: "Recommended for you in {tag}:", .zh: "为你推荐（{tag}）："],
        "recommend.line": [.en: "{slug} — {title}: {reason}", .zh: "{slug} —《{title}》：{reason}"],
        "recommend.none": [
            .en: "Nothing new to recommend yet: tell me what you like with {command}, or browse {courses}.",
            .zh: "暂时没有新的推荐：先用 {command} 告诉我你的兴趣，或者发送 {courses} 看看全部课程。",
        ],
        "recommend.noneTag": [
            .en: "Nothing new to recommend in {tag}; {courses} lists every course there.",
            .zh: "{tag} 方向暂时没有新的推荐，发送 {courses} 可以看到这个方向的全部课程。",
        ],
        "recommend.footer": [
            .en: "Not for you? {command} <course> hides one.", .zh: "不感兴趣？发送 {command} <课程> 就不会再推荐它。",
        ],
        "reason.similar": [.en: "because you took {title}", .zh: "因为你学过《{title}》"],
        "reason.peers": [.en: "popular with members learning {topic}", .zh: "学 {topic} 的成员都在学"],
        "reason.topic": [.en: "matches your interest in {topic}", .zh: "符合你对 {topic} 的兴趣"],
        "reason.topicSeen": [
            .en: "about {topic}, like courses you have looked at", .zh: "和你看过的课程一样，属于 {topic} 方向",
        ],
        "reason.popular": [.en: "popular in the community", .zh: "社区里很受欢迎"],
        "similar.header": [.en: "Members who took {title} also took:", .zh: "学过《{title}》的成员还学了："],
        "similar.none": [
            .en: "Not enough members have taken {title} yet to say what is like it.",
            .zh: "学过《{title}》的人还不够多，暂时说不出哪些课程和它相似。",
        ],
        "similar.line": [.en: "{slug} — {title}", .zh: "{slug} —《{title}》"],
        "hidden": [
            .en: "{title} will not be recommended to you again.", .zh: "以后不会再向你推荐《{title}》。",
        ],
        "tag.unknown": [
            .en: "There is no course tag {tag}. Did you mean {suggestions}?",
            .zh: "没有 {tag} 这个课程标签。你是想找 {suggestions} 吗？",
        ],
        "tag.unknownPlain": [
            .en: "There is no course tag {tag}; {command} lists the courses.",
            .zh: "没有 {tag} 这个课程标签，发送 {command} 可以看到全部课程。",
        ],
    ])
}
