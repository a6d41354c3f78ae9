/// A numeric reply code such as `001`, with names for the ones the agent reads or sends.
///
/// The names follow the Modern IRC documentation so they can be looked up there; use them in
/// patterns as `.numeric(.RPL_WELCOME)`.
public struct Numeric: Hashable, Sendable, CustomStringConvertible {
    /// The code, 0 to 999.
    public let code: Int

    /// The numeric with this code.
    public init(_ code: Int) {
        self.code = code
    }

    /// The code as three digits, as written on the wire.
    public var description: String {
        code < 10 ? "00\(code)" : code < 100 ? "0\(code)" : "\(code)"
    }

    public static let RPL_WELCOME = Numeric(1)
    public static let RPL_YOURHOST = Numeric(2)
    public static let RPL_CREATED = Numeric(3)
    public static let RPL_MYINFO = Numeric(4)
    public static let RPL_ISUPPORT = Numeric(5)
    public static let RPL_UMODEIS = Numeric(221)
    public static let RPL_AWAY = Numeric(301)
    public static let RPL_WHOISUSER = Numeric(311)
    public static let RPL_ENDOFWHO = Numeric(315)
    public static let RPL_CHANNELMODEIS = Numeric(324)
    public static let RPL_ENDOFWHOIS = Numeric(318)
    public static let RPL_WHOISACCOUNT = Numeric(330)
    public static let RPL_NOTOPIC = Numeric(331)
    public static let RPL_TOPIC = Numeric(332)
    public static let RPL_WHOREPLY = Numeric(352)
    public static let RPL_WHOSPCRPL = Numeric(354)
    public static let RPL_NAMREPLY = Numeric(353)
    public static let RPL_ENDOFNAMES = Numeric(366)
    public static let RPL_MOTD = Numeric(372)
    public static let RPL_MOTDSTART = Numeric(375)
    public static let RPL_ENDOFMOTD = Numeric(376)
    public static let ERR_NOSUCHNICK = Numeric(401)
    public static let ERR_NOSUCHCHANNEL = Numeric(403)
    public static let ERR_CANNOTSENDTOCHAN = Numeric(404)
    public static let ERR_UNKNOWNCOMMAND = Numeric(421)
    public static let ERR_NOMOTD = Numeric(422)
    public static let ERR_ERRONEUSNICKNAME = Numeric(432)
    public static let ERR_NICKNAMEINUSE = Numeric(433)
    public static let ERR_NICKCOLLISION = Numeric(436)
    public static let ERR_UNAVAILRESOURCE = Numeric(437)
    public static let ERR_NOTONCHANNEL = Numeric(442)
    public static let ERR_NOTREGISTERED = Numeric(451)
    public static let ERR_NEEDMOREPARAMS = Numeric(461)
    public static let ERR_PASSWDMISMATCH = Numeric(464)
    public static let ERR_YOUREBANNEDCREEP = Numeric(465)
    public static let ERR_CHANNELISFULL = Numeric(471)
    public static let ERR_INVITEONLYCHAN = Numeric(473)
    public static let ERR_BANNEDFROMCHAN = Numeric(474)
    public static let ERR_BADCHANNELKEY = Numeric(475)
    public static let ERR_CHANOPRIVSNEEDED = Numeric(482)
    public static let RPL_MONONLINE = Numeric(730)
    public static let RPL_MONOFFLINE = Numeric(731)
    public static let RPL_LOGGEDIN = Numeric(900)
    public static let RPL_LOGGEDOUT = Numeric(901)
    public static let ERR_NICKLOCKED = Numeric(902)
    public static let RPL_SASLSUCCESS = Numeric(903)
    public static let ERR_SASLFAIL = Numeric(904)
    public static let ERR_SASLTOOLONG = Numeric(905)
    public static let ERR_SASLABORTED = Numeric(906)
    public static let ERR_SASLALREADY = Numeric(907)
    public static let RPL_SASLMECHS = Numeric(908)
}
