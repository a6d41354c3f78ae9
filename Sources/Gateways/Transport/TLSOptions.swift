/// How a connection uses TLS.
public struct TLSOptions: Sendable, Hashable {
    /// Verify the certificate chain (system store plus `caFile`) and the host name.
    public var verify: Bool
    /// An extra CA file (PEM) to trust.
    public var caFile: String?
    /// When non-empty, accept exactly these SHA-256 certificate fingerprints (hex, any case,
    /// colons allowed) instead of chain verification.
    public var fingerprints: [String]
    /// A client certificate chain (PEM) for CertFP / SASL EXTERNAL.
    public var clientCertificate: String?
    /// The client certificate's private key (PEM).
    public var clientKey: String?

    /// Creates options; the default verifies against the system trust store.
    public init(
        verify: Bool = true, caFile: String? = nil, fingerprints: [String] = [], clientCertificate: String? = nil,
        clientKey: String? = nil
    ) {
        self.verify = verify
        self.caFile = caFile
        self.fingerprints = fingerprints
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    /// Fingerprints normalised to lower-case hex without colons.
    var normalizedFingerprints: Set<String> {
        Set(fingerprints.map { $0.lowercased().filter { $0 != ":" && $0 != " " } })
    }
}

/// Why a connection could not be made or was lost.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A one-line explanation for logs.
    public let description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
