/// The operator's HTTP listener (`http: { listen: "127.0.0.1:9464" }`); absent: no listener.
public struct HTTPConfiguration: Sendable, Hashable {
    /// The host or address to bind (`127.0.0.1`, `::1`, `0.0.0.0`…).
    public var host: String
    public var port: Int
    /// The operator says the listener is meant to be reachable from other machines.
    public var isPublic = false
    /// Where `!mydata` links point: the listener as members reach it (e.g. behind a proxy).
    /// nil: `http://<listen>`.
    public var publicURL: String?

    /// Whether the address is a loopback one (only this machine can connect).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The base URL of links the agent hands out.
    public var baseURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// Creates a listener configuration.
    public init(host: String, port: Int, isPublic: Bool = false, publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.isPublic = isPublic
        self.publicURL = publicURL
    }

    /// Reads `host:port` or `[v6]:port`; nil when it is neither.
    public static func address(_ text: String) -> (host: String, port: Int)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { return nil }
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return nil }
        return (String(host), port)
    }
}

/// How payments reach the agent (`payments: { webhook_secret_env: "…" }`).
public struct PaymentsConfiguration: Sendable, Hashable {
    /// Where the webhook's signing secret comes from (nil: the webhook refuses every call).
    public var webhookSecretSource: SecretSource?
    /// The secret's value, once read.
    public var webhookSecret: String?
    /// How far a signature's time may be from now, in seconds.
    public var webhookTolerance: Double = 300

    /// The defaults: no secret, 300 s tolerance.
    public init() {}
}

extension ConfigurationLoader {
    /// Reads `http` and `payments`.
    static func readOperatorSurface(
        _ reader: ConfigReader, context: LoadContext, into configuration: inout AgentConfiguration
    ) {
        if let http = reader.object("http") {
            if let listen = http.string("listen") {
                if let (host, port) = HTTPConfiguration.address(listen) {
                    var settings = HTTPConfiguration(host: host, port: port)
                    settings.isPublic = http.bool("public", default: false)
                    settings.publicURL = http.string("public_url")
                    if let url = settings.publicURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                        http.problem("public_url", "must start with http:// or https://")
                    }
                    configuration.http = settings
                } else {
                    http.problem(
                        "listen", "not an address with a port: \"\(listen)\"",
                        hint: "e.g. \"127.0.0.1:9464\" or \"[::1]:9464\"")
                }
            } else {
                http.problem("listen", "missing", hint: "e.g. \"127.0.0.1:9464\"; remove `http` for no listener")
            }
            http.reportUnknownKeys()
        }
        if let payments = reader.object("payments") {
            let (source, value) = NetworkReader.secret("webhook_secret", payments, context)
            configuration.payments.webhookSecretSource = source
            configuration.payments.webhookSecret = value
            configuration.payments.webhookTolerance = payments.number(
                "webhook_tolerance_seconds", default: 300, in: 1...86_400)
            payments.reportUnknownKeys()
        }
    }
}
