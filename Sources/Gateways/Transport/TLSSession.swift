import COpenSSL
import Foundation

/// One OpenSSL client session over a connected non-blocking socket.
///
/// Used only from its connection's I/O thread.
final class TLSSession {
    enum IOResult {
        case bytes(Int)
        case wantRead
        case wantWrite
        case closed
        case failed(String)
    }

    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let options: TLSOptions
    private let host: String

    init(socket: Int32, host: String, options: TLSOptions) throws(TransportError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TransportError("TLS: cannot create context: \(Self.lastError())")
        }
        self.context = context
        self.options = options
        self.host = host
        _ = agent_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        _ = agent_SSL_CTX_set_mode(context, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        let chainVerification = options.verify && options.fingerprints.isEmpty
        if chainVerification {
            SSL_CTX_set_default_verify_paths(context)
            if let caFile = options.caFile, SSL_CTX_load_verify_locations(context, caFile, nil) != 1 {
                SSL_CTX_free(context)
                throw TransportError("TLS: cannot load CA file \(caFile): \(Self.lastError())")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        if let certificate = options.clientCertificate, let key = options.clientKey {
            guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1,
                SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1
            else {
                SSL_CTX_free(context)
                throw TransportError("TLS: cannot load client certificate \(certificate): \(Self.lastError())")
            }
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw TransportError("TLS: cannot create session: \(Self.lastError())")
        }
        self.ssl = ssl
        SSL_set_fd(ssl, socket)
        let isAddress = Self.isIPAddress(host)
        if !isAddress { _ = agent_SSL_set_tlsext_host_name(ssl, host) }
        if chainVerification {
            if isAddress {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
            } else {
                SSL_set1_host(ssl, host)
            }
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// One step of the handshake; `.bytes(0)` means done.
    func handshake() -> IOResult {
        let status = SSL_connect(ssl)
        if status == 1 { return .bytes(0) }
        return result(of: status, during: "handshake")
    }

    /// After the handshake: checks pinned fingerprints; returns an error text when refused.
    func checkPeer() -> String? {
        guard !options.fingerprints.isEmpty else { return nil }
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return "TLS: the server sent no certificate" }
        defer { X509_free(certificate) }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 else {
            return "TLS: cannot hash the certificate"
        }
        let hex = digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
        return options.normalizedFingerprints.contains(hex)
            ? nil : "TLS: certificate fingerprint \(hex) is not one of the pinned fingerprints"
    }

    /// The negotiated protocol, e.g. `TLSv1.3`.
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        let status = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
        if status > 0 { return .bytes(Int(status)) }
        return result(of: status, during: "read")
    }

    func write(_ buffer: UnsafeRawBufferPointer) -> IOResult {
        let status = SSL_write(ssl, buffer.baseAddress, Int32(buffer.count))
        if status > 0 { return .bytes(Int(status)) }
        return result(of: status, during: "write")
    }

    func shutdown() {
        SSL_shutdown(ssl)
    }

    private func result(of status: Int32, during operation: String) -> IOResult {
        let code = SSL_get_error(ssl, status)
        switch code {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL:
            let saved = errno
            ERR_clear_error()
            return saved == 0 ? .closed : .failed("TLS \(operation): \(String(cString: strerror(saved)))")
        default:
            let verify = SSL_get_verify_result(ssl)
            if verify != X509_V_OK {
                return .failed(
                    "TLS \(operation): certificate verification failed: \(String(cString: X509_verify_cert_error_string(verify)))"
                )
            }
            return .failed("TLS \(operation): \(Self.lastError())")
        }
    }

    static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        ERR_clear_error()
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
