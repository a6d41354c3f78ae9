/// Reads one entry of `networks` from the configuration, resolving its secrets.
enum NetworkReader {
    static func read(_ reader: ConfigReader, environment: [String: String]) -> NetworkConfiguration? {
        guard let name = reader.string("name"), !name.isEmpty else {
            reader.problem("name", "missing", hint: "give the network a short name such as \"libera\"")
            return nil
        }
        if name.contains(where: { $0 == " " || $0 == "/" }) {
            reader.problem("name", "a network name cannot contain spaces or \"/\"")
        }
        let kindName = reader.choice("type", ["irc", "console"], default: "irc")
        var network = NetworkConfiguration(name: name, kind: NetworkConfiguration.Kind(rawValue: kindName) ?? .irc)
        guard network.kind == .irc else {
            reader.reportUnknownKeys()
            return network
        }

        if let host = reader.string("host") {
            network.host = host
        } else {
            reader.problem("host", "missing", hint: "the IRC server's host name, e.g. irc.libera.chat")
        }
        if let tls = reader.object("tls") {
            network.tls.enabled = tls.bool("enabled", default: true)
            network.tls.verify = tls.bool("verify", default: true)
            network.tls.caFile = tls.string("ca_file")
            network.tls.fingerprints = tls.strings("fingerprints")
            for (index, fingerprint) in network.tls.fingerprints.enumerated() {
                let hex = fingerprint.replacingColons()
                if hex.count != 64 || !hex.allSatisfy(\.isHexDigit) {
                    tls.problem(
                        "fingerprints[\(index)]", "not a SHA-256 fingerprint", hint: "64 hex digits, colons allowed")
                }
            }
            network.tls.clientCertificate = tls.string("client_certificate")
            network.tls.clientKey = tls.string("client_key")
            if (network.tls.clientCertificate == nil) != (network.tls.clientKey == nil) {
                tls.problem("client_key", "client_certificate and client_key go together")
            }
            tls.reportUnknownKeys()
        }
        network.port = reader.integer("port", default: network.tls.enabled ? 6697 : 6667, in: 1...65535)
        network.nick = reader.string("nick", default: network.nick)
        if !isValidNick(network.nick) {
            reader.problem(
                "nick", "\"\(network.nick)\" is not a valid IRC nick",
                hint: "letters, digits and -[]\\`^{}|_, not starting with a digit or -")
        }
        network.alternativeNicks = reader.strings("alternative_nicks")
        network.user = reader.string("user", default: network.user)
        network.realName = reader.string("real_name", default: network.realName)
        network.serverPassword = resolve("server_password", reader, environment)
        network.nickServPassword = resolve("nickserv_password", reader, environment)
        if let sasl = reader.object("sasl") {
            let mechanism =
                NetworkConfiguration.SASL.Mechanism(
                    rawValue: sasl.choice("mechanism", ["plain", "external"], default: "plain")) ?? .plain
            let account = sasl.string("account") ?? network.nick
            let password = mechanism == .plain ? resolve("password", sasl, environment) : nil
            if mechanism == .plain, password == nil, SecretSource.read("password", from: sasl) == nil {
                sasl.problem("password_env", "SASL PLAIN needs a password", hint: "set password_env or password_file")
            }
            if mechanism == .external, network.tls.clientCertificate == nil {
                sasl.problem(
                    "mechanism", "SASL EXTERNAL needs a client certificate",
                    hint: "set tls.client_certificate and tls.client_key")
            }
            network.sasl = NetworkConfiguration.SASL(mechanism: mechanism, account: account, password: password)
            sasl.reportUnknownKeys()
        }
        network.requireSASL = reader.bool("require_sasl", default: false)
        if network.requireSASL, network.sasl == nil {
            reader.problem("require_sasl", "require_sasl is on but no sasl section is configured")
        }
        for item in reader.list("channels") {
            switch item.value {
            case .string(let channel):
                network.channels.append(.init(name: channel))
            case .object:
                guard let channel = reader.element(item) else { continue }
                guard let channelName = channel.string("name") else {
                    channel.problem("name", "missing")
                    continue
                }
                network.channels.append(.init(name: channelName, key: resolve("key", channel, environment)))
                channel.reportUnknownKeys()
            default:
                reader.problem(nil, "\(item.path): expected a channel name or an object with name and key_env")
            }
        }
        for (index, channel) in network.channels.enumerated()
        where !channel.name.hasPrefix("#") && !channel.name.hasPrefix("&") {
            reader.problem(
                "channels[\(index)]", "\"\(channel.name)\" is not a channel name", hint: "channel names start with #")
        }
        if let outbox = reader.object("outbox") {
            network.outboxBurst = outbox.number("burst", default: network.outboxBurst, in: 1...10_000)
            network.outboxInterval = outbox.number("interval_seconds", default: network.outboxInterval, in: 0...60)
            network.outboxBytesPerLine = outbox.integer(
                "bytes_per_line", default: network.outboxBytesPerLine, in: 0...1_000_000)
            network.outboxCoalesce = outbox.bool("coalesce", default: network.outboxCoalesce)
            network.outboxMaximumWait = outbox.number(
                "max_wait_seconds", default: network.outboxMaximumWait, in: 1...3600)
            network.outboxLearns = outbox.bool("learn", default: network.outboxLearns)
            outbox.reportUnknownKeys()
        }
        network.pingInterval = reader.number("ping_interval_seconds", default: network.pingInterval, in: 1...3600)
        network.pingTimeout = reader.number("ping_timeout_seconds", default: network.pingTimeout, in: 1...3600)
        network.connectTimeout = reader.number("connect_timeout_seconds", default: network.connectTimeout, in: 1...300)
        network.reconnectMinimum = reader.number(
            "reconnect_min_seconds", default: network.reconnectMinimum, in: 0.1...3600)
        network.reconnectMaximum = reader.number(
            "reconnect_max_seconds", default: network.reconnectMaximum, in: 0.1...86_400)
        network.stableSessionSeconds = reader.number(
            "stable_session_seconds", default: network.stableSessionSeconds, in: 0...86_400)
        network.rejoinDelay = reader.number("rejoin_delay_seconds", default: network.rejoinDelay, in: -1...3600)
        network.quitMessage = reader.string("quit_message", default: network.quitMessage)
        reader.reportUnknownKeys()
        return network
    }

    /// Resolves `<name>_env` / `<name>_file`, recording a problem (at the right key) when it fails.
    private static func resolve(_ name: String, _ reader: ConfigReader, _ environment: [String: String]) -> String? {
        guard let source = SecretSource.read(name, from: reader) else { return nil }
        switch source.resolve(environment: environment) {
        case .success(let value): return value
        case .failure(let problem):
            let key: String
            switch source {
            case .environment: key = "\(name)_env"
            case .file: key = "\(name)_file"
            }
            reader.problem(key, problem.message, hint: problem.hint)
            return nil
        }
    }

    static func isValidNick(_ nick: String) -> Bool {
        guard let first = nick.unicodeScalars.first, !nick.isEmpty, nick.utf8.count <= 30 else { return false }
        let special = Set("-[]\\`^{}|_".unicodeScalars)
        if first.properties.numericType != nil || first == "-" { return false }
        return nick.unicodeScalars.allSatisfy {
            $0.isASCII && (($0.properties.isAlphabetic) || ("0"..."9").contains($0) || special.contains($0))
        }
    }
}

extension String {
    fileprivate func replacingColons() -> String { filter { $0 != ":" } }
}
