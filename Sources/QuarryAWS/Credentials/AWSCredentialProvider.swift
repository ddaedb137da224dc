public import AWSSigning

/// A source of AWS credentials: fixed keys, the environment, a profile, an STS role, a container or
/// instance metadata endpoint, or a chain of those.
///
/// Providers that are simply not configured (no environment variables, no profile, no container
/// variables) throw an ``AWSError`` of kind ``AWSError/Kind/credentials`` with code
/// ``AWSError/notConfiguredCode``, which lets ``CredentialProviderChain`` move on to the next one.
/// Wrap a provider in ``CachingCredentialProvider`` (the chain does) to reuse credentials until
/// shortly before they expire.
public protocol AWSCredentialProvider: Sendable {
    /// Current credentials. Called before every request; may be slow (a network call) unless cached.
    func credentials() async throws -> AWSCredentials
}

extension AWSError {
    /// The ``code`` of a provider that found no configuration to use (kind ``Kind/credentials``).
    public static let notConfiguredCode = "CredentialsNotConfigured"

    /// A provider found nothing to use: the chain tries the next one.
    static func notConfigured(_ message: String) -> AWSError {
        AWSError(kind: .credentials, code: notConfiguredCode, message: message)
    }

    /// A configured source failed.
    static func credentialSource(_ code: String, _ message: String, underlying: (any Error)? = nil) -> AWSError {
        AWSError(kind: .credentials, code: code, message: message, underlying: underlying)
    }

    /// Whether this error means "this credential provider is not configured here".
    public var isNotConfigured: Bool { kind == .credentials && code == Self.notConfiguredCode }
}

/// Fixed credentials, e.g. from a test or a secrets manager the caller reads itself.
public struct StaticCredentialProvider: AWSCredentialProvider {
    /// The credentials returned on every call.
    public let value: AWSCredentials

    /// Returns `credentials` on every call.
    public init(_ credentials: AWSCredentials) { self.value = credentials }

    /// Returns the fixed credentials.
    public func credentials() async throws -> AWSCredentials { value }
}
