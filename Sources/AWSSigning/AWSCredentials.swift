public import Foundation

/// Long-term or temporary AWS credentials.
///
/// The secret access key and the session token never appear in `description`,
/// `debugDescription`, `dump(_:)` or string interpolation: they print as `<redacted>`.
/// The access key id is an identifier, not a secret, and is printed. Equality compares every field,
/// so a client can tell when rotated credentials need a new ``SigV4Signer``.
public struct AWSCredentials: Sendable, Equatable {
    /// The access key id, e.g. `AKIDEXAMPLE`. Appears in every signature's credential scope.
    public var accessKeyId: String
    /// The secret access key. Never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials (STS), sent as `X-Amz-Security-Token`. Never printed.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term credentials.
    public var expiration: Date?

    /// Creates credentials from their parts.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether the credentials have expired at `now`, allowing `margin` seconds of slack
    /// so a request signed now does not arrive with dead credentials. Always `false` without an expiration.
    public func isExpired(at now: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiration else { return false }
        return now.addingTimeInterval(margin) >= expiration
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A redacted description: the access key id, and whether a token and an expiration are present.
    public var description: String {
        var text = "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>"
        if sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(expiration)" }
        return text + ")"
    }

    /// The same redacted text as `description`.
    public var debugDescription: String { description }

    /// A mirror that shows the secret and the token as `<redacted>`, so `dump(_:)` cannot leak them.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyId": accessKeyId,
            "secretAccessKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
            "expiration": expiration as Any,
        ], displayStyle: .struct)
    }
}
