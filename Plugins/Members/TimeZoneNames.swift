import Foundation

/// The time zone a member means by what they typed: an IANA name in any case
/// (`asia/shanghai`), a city of one (`berlin`, `new_york`), or a place's Chinese name (`上海`,
/// `北京`, `纽约`).
enum TimeZoneNames {
    /// Chinese names of places members are likely to type, with their zone.
    static let chinese: [String: String] = [
        "北京": "Asia/Shanghai", "上海": "Asia/Shanghai", "中国": "Asia/Shanghai", "北京时间": "Asia/Shanghai",
        "深圳": "Asia/Shanghai", "广州": "Asia/Shanghai", "杭州": "Asia/Shanghai", "成都": "Asia/Shanghai",
        "香港": "Asia/Hong_Kong", "澳门": "Asia/Macau", "台北": "Asia/Taipei", "台湾": "Asia/Taipei",
        "新加坡": "Asia/Singapore", "东京": "Asia/Tokyo", "日本": "Asia/Tokyo", "首尔": "Asia/Seoul",
        "韩国": "Asia/Seoul", "悉尼": "Australia/Sydney", "墨尔本": "Australia/Melbourne",
        "伦敦": "Europe/London", "英国": "Europe/London", "巴黎": "Europe/Paris", "法国": "Europe/Paris",
        "柏林": "Europe/Berlin", "德国": "Europe/Berlin", "阿姆斯特丹": "Europe/Amsterdam", "莫斯科": "Europe/Moscow",
        "纽约": "America/New_York", "波士顿": "America/New_York", "多伦多": "America/Toronto",
        "芝加哥": "America/Chicago", "洛杉矶": "America/Los_Angeles", "旧金山": "America/Los_Angeles",
        "西雅图": "America/Los_Angeles", "温哥华": "America/Vancouver", "协调世界时": "UTC",
    ]

    /// The zone identifier `typed` names among `known`, or nil when it names none (or several).
    static func identifier(for typed: String, among known: [String]) -> String? {
        let wanted = typed.trimmingCharacters(in: .whitespaces).lowercased()
        if let exact = known.first(where: { $0.lowercased() == wanted }) { return exact }
        if let chinese = chinese[typed.trimmingCharacters(in: .whitespaces)] { return chinese }
        let city = wanted.replacingOccurrences(of: " ", with: "_")
        let matches = known.filter { $0.split(separator: "/").last.map { $0.lowercased() == city } ?? false }
        return matches.count == 1 ? matches[0] : nil
    }
}
