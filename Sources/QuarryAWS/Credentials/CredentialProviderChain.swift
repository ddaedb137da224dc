public import AWSSigning

/// Tries providers in order and uses the first that is configured; the winner is remembered,
/// as the AWS SDKs do. A provider that is configured but fails stops the search with its error.
public actor CredentialProviderChain: AWSCredentialProvider {
    private let providers: [any AWSCredentialProvider]
    private var chosen: Int?

    /// A chain of `providers`, tried in order.
    public init(_ providers: [any AWSCredentialProvider]) {
        self.providers = providers
    }

    /// Credentials from the first configured provider.
    public func credentials() async throws -> AWSCredentials {
        if let chosen { return try await providers[chosen].credentials() }
        var skipped: [String] = []
        for (index, provider) in providers.enumerated() {
            do {
                let credentials = try await provider.credentials()
                chosen = index
                return credentials
            } catch let error as AWSError where error.isNotConfigured {
                skipped.append(error.message)
                continue
            }
        }
        throw AWSError(kind: .credentials, code: "NoCredentials",
                       message: "No AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile in ~/.aws/credentials (or set AWS_PROFILE), or run where a container or instance role is available. Tried: " + skipped.joined(separator: "; "))
    }
}
