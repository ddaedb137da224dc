public import AWSSigning
import Foundation

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`
/// (`AWS_SECURITY_TOKEN` is accepted as an older name) and `AWS_CREDENTIAL_EXPIRATION`.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    let environment: AWSEnvironment

    /// Reads `environment` (default: the process's).
    public init(environment: AWSEnvironment = .process) {
        self.environment = environment
    }

    /// The credentials in the environment; not configured when either key is missing.
    public func credentials() async throws -> AWSCredentials {
        guard let accessKey = environment["AWS_ACCESS_KEY_ID"] else {
            throw AWSError.notConfigured("AWS_ACCESS_KEY_ID is not set")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw AWSError.credentialSource("IncompleteEnvironmentCredentials",
                                            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither")
        }
        let expiration = environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(ISO8601.parse)
        return AWSCredentials(accessKeyId: accessKey, secretAccessKey: secret,
                              sessionToken: environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"],
                              expiration: expiration)
    }
}
