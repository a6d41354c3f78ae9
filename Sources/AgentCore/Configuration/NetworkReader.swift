import Foundation

/// Reads one entry of `networks` from the configuration, resolving its secrets.
enum NetworkReader {
    static func read(_ reader: ConfigReader, context: LoadContext) -> NetworkConfiguration? {
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
            network.tls.caFile = file("ca_file", tls, context)
            network.tls.fingerprints = tls.strings("fingerprints")
            for (index, fingerprint) in network.tls.fingerprints.enumerated() {
                let hex = fingerprint.replacingColons()
                if hex.count != 64 || !hex.allSatisfy(\.isHexDigit) {
                    tls.problem(
                        "fingerprints[\(index)]", "not a SHA-256 fingerprint", hint: "64 hex digits, colons allowed")
                }
            }
            network.tls.clientCertificate = file("client_certificate", tls, context)
            network.tls.clientKey = file("client_key", tls, context)
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
        network.serverPassword = secret("server_password", reader, context).value
        network.nickServPassword = secret("nickserv_password", reader, context).value
        if let sasl = reader.object("sasl") {
            let mechanism =
                NetworkConfiguration.SASL.Mechanism(
                    rawValue: sasl.choice("mechanism", ["plain", "external"], default: "plain")) ?? .plain
            let account = sasl.string("account") ?? network.nick
            let password: (source: SecretSource?, value: String?) =
                mechanism == .plain ? secret("password", sasl, context) : (nil, nil)
            if mechanism == .plain, password.source == nil, sasl.value("password") == nil {
                sasl.problem("password_env", "SASL PLAIN needs a password", hint: "set password_env or password_file")
            }
            if mechanism == .external, network.tls.clientCertificate == nil {
                sasl.problem(
                    "mechanism", "SASL EXTERNAL needs a client certificate",
                    hint: "set tls.client_certificate and tls.client_key")
            }
            network.sasl = NetworkConfiguration.SASL(mechanism: mechanism, account: account, password: password.value)
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
                network.channels.append(.init(name: channelName, key: secret("key", channel, context).value))
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

    /// Reads `<name>_env` / `<name>_file`: the source, and its value unless secrets are skipped.
    /// A secret that cannot be read is a problem at the key that names it.
    static func secret(
        _ name: String, _ reader: ConfigReader, _ context: LoadContext
    ) -> (source: SecretSource?, value: String?) {
        guard var source = SecretSource.read(name, from: reader) else { return (nil, nil) }
        if case .file(let path) = source { source = .file(context.absolute(path)) }
        guard context.secrets == .resolve else { return (source, nil) }
        switch source.resolve(environment: context.environment) {
        case .success(let value): return (source, value)
        case .failure(let problem):
            let key: String
            switch source {
            case .environment: key = "\(name)_env"
            case .file: key = "\(name)_file"
            }
            reader.problem(key, problem.message, hint: problem.hint)
            return (source, nil)
        }
    }

    /// A file named at `key`, resolved against the configuration's directory; a problem when it
    /// cannot be read.
    private static func file(_ key: String, _ reader: ConfigReader, _ context: LoadContext) -> String? {
        guard let path = reader.string(key).map(context.absolute) else { return nil }
        if !FileManager.default.isReadableFile(atPath: path) {
            reader.problem(key, "cannot read \(path)", hint: "check the path and its permissions")
        }
        return path
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
