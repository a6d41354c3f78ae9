import AgentCore
import Foundation
import IRC

/// Where SASL authentication stands.
enum SASLState: Sendable, Hashable {
    case idle
    case requested
    case authenticating
    case succeeded
    case failed
}

extension IRCSession {
    mutating func receiveCapability(_ message: Message) -> [SessionAction] {
        guard message.parameters.count >= 2 else { return [] }
        let subcommand = message.parameters[1].uppercased()
        let isContinued = message.parameters.count >= 4 && message.parameters[2] == "*"
        let list = message.parameters.last ?? ""
        switch subcommand {
        case "LS":
            for token in list.split(separator: " ") {
                let parts = token.split(separator: "=", maxSplits: 1)
                offeredCapabilities[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            guard !isContinued, capabilityNegotiationOpen, !isRegistered else { return [] }
            return requestCapabilities()
        case "ACK":
            var unrequested: [String] = []
            for token in list.split(separator: " ") {
                let disabling = token.hasPrefix("-")
                let name = String(disabling ? token.dropFirst() : token)
                guard requestedCapabilities.contains(name) else {
                    unrequested.append(name)
                    continue
                }
                if disabling { enabledCapabilities.remove(name) } else { enabledCapabilities.insert(name) }
            }
            var actions: [SessionAction] = []
            if !unrequested.isEmpty {
                actions.append(
                    .log(
                        .warning,
                        "the server acknowledged capabilities the agent did not request; ignored: \(unrequested.joined(separator: " "))"
                    ))
            }
            guard capabilityNegotiationOpen, !isRegistered, !isContinued else { return actions }
            return actions + requestAnswered()
        case "NAK":
            guard capabilityNegotiationOpen, !isRegistered else { return [] }
            let refused = list.split(separator: " ").map(String.init)
            var actions: [SessionAction] = [
                .log(.warning, "the server refused the capabilities \(refused.joined(separator: " "))")
            ]
            if settings.requireSASL, refused.contains("sasl") {
                return [.disconnect(reason: "the server refused the SASL capability and SASL is required")]
            }
            actions += requestAnswered()
            return actions
        case "NEW":
            var wanted: [String] = []
            for token in list.split(separator: " ") {
                let parts = token.split(separator: "=", maxSplits: 1)
                let name = String(parts[0])
                offeredCapabilities[name] = parts.count > 1 ? String(parts[1]) : ""
                if Self.wantedCapabilities.contains(name), name != "sasl", !enabledCapabilities.contains(name) {
                    wanted.append(name)
                }
            }
            requestedCapabilities.formUnion(wanted)
            return wanted.isEmpty ? [] : [send(.cap, "REQ", wanted.sorted().joined(separator: " "))]
        case "DEL":
            for token in list.split(separator: " ") {
                enabledCapabilities.remove(String(token))
                offeredCapabilities[String(token)] = nil
            }
            return []
        default:
            return []
        }
    }

    private mutating func requestCapabilities() -> [SessionAction] {
        var wanted = Self.wantedCapabilities.filter { offeredCapabilities[$0] != nil }
        var actions: [SessionAction] = []
        if settings.sasl == nil { wanted.remove("sasl") }
        if let sasl = settings.sasl, offeredCapabilities["sasl"] == nil {
            if settings.requireSASL {
                return [.disconnect(reason: "SASL is required but the server does not offer SASL")]
            }
            actions.append(
                .log(
                    .warning,
                    "SASL \(sasl.mechanism.rawValue) is configured but the server does not offer SASL; continuing without it"
                        + (settings.nickServPassword == nil
                            ? " (the agent will have no account)" : " (identifying with NickServ instead)")))
        }
        guard !wanted.isEmpty else { return actions + [send(.cap, "END")] }
        // Several REQ lines if needed, each well under the line limit.
        var batch: [String] = []
        var requests = 0
        for name in wanted.sorted() {
            if batch.joined(separator: " ").utf8.count + name.utf8.count > 400 {
                actions.append(send(.cap, "REQ", batch.joined(separator: " ")))
                requests += 1
                batch = []
            }
            batch.append(name)
        }
        actions.append(send(.cap, "REQ", batch.joined(separator: " ")))
        requestedCapabilities.formUnion(wanted)
        pendingCapabilityReplies = requests + 1
        return actions
    }

    /// One CAP REQ was answered (ACK or NAK); after the last, authenticate or end negotiation.
    private mutating func requestAnswered() -> [SessionAction] {
        pendingCapabilityReplies -= 1
        guard pendingCapabilityReplies <= 0 else { return [] }
        if enabledCapabilities.contains("sasl"), let sasl = settings.sasl, saslState == .idle {
            // CAP LS 302 lists the mechanisms (`sasl=PLAIN,EXTERNAL`); older servers list none.
            let offered = (offeredCapabilities["sasl"] ?? "").uppercased().split(separator: ",").map(String.init)
            if offered.isEmpty || offered.contains(sasl.mechanism.rawValue) {
                saslState = .requested
                return [send(.authenticate, sasl.mechanism.rawValue)]
            }
            saslState = .failed
            let reason =
                "the server offers SASL mechanisms \(offered.joined(separator: ", ")) but not the configured \(sasl.mechanism.rawValue)"
            if settings.requireSASL { return [.disconnect(reason: "SASL is required: \(reason)")] }
            return [.log(.warning, "\(reason); continuing without SASL"), send(.cap, "END")]
        }
        if settings.requireSASL, saslState != .succeeded {
            return [.disconnect(reason: "SASL is required but was not enabled by the server")]
        }
        return [send(.cap, "END")]
    }

    mutating func receiveAuthenticate(_ message: Message) -> [SessionAction] {
        guard saslState == .requested, message.parameters.first == "+", let sasl = settings.sasl else { return [] }
        saslState = .authenticating
        let payload: [UInt8]
        switch sasl.mechanism {
        case .plain: payload = Array("\(sasl.account)\0\(sasl.account)\0\(sasl.password)".utf8)
        case .external: payload = []
        }
        return Self.authenticateChunks(payload).map { send(.authenticate, $0) }
    }

    /// The AUTHENTICATE arguments for a payload: base64 in 400-byte chunks, `+` for an empty
    /// payload or after a final chunk of exactly 400 bytes.
    static func authenticateChunks(_ payload: [UInt8]) -> [String] {
        let encoded = Data(payload).base64EncodedString()
        guard !encoded.isEmpty else { return ["+"] }
        var chunks: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 400, limitedBy: encoded.endIndex) ?? encoded.endIndex
            chunks.append(String(encoded[index..<end]))
            index = end
        }
        if chunks.last?.utf8.count == 400 { chunks.append("+") }
        return chunks
    }

    mutating func receiveSASLResult(_ message: Message) -> [SessionAction] {
        switch message.command {
        case .numeric(.RPL_SASLSUCCESS):
            saslState = .succeeded
            return capabilityNegotiationOpen && !isRegistered ? [send(.cap, "END")] : []
        case .numeric(.RPL_SASLMECHS):
            return []
        case .numeric(.ERR_SASLALREADY):
            saslState = .succeeded
            return capabilityNegotiationOpen && !isRegistered ? [send(.cap, "END")] : []
        default:
            saslState = .failed
            let reason =
                "SASL \(settings.sasl?.mechanism.rawValue ?? "") failed: \(message.parameters.last ?? message.command.verb)"
            if settings.requireSASL { return [.disconnect(reason: reason)] }
            return capabilityNegotiationOpen && !isRegistered ? [send(.cap, "END")] : []
        }
    }
}
