public import AWSSigning
import Foundation

/// Credentials of a role assumed with a web identity token file (`AssumeRoleWithWebIdentity`), as on
/// EKS (IRSA) and in GitHub Actions: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`
/// (+ `AWS_ROLE_SESSION_NAME`), or a profile's `web_identity_token_file` + `role_arn`.
/// The token file is read again on every refresh, since it rotates.
public struct WebIdentityCredentialProvider: AWSCredentialProvider {
    let tokenFile: String?
    let roleArn: String?
    let sessionName: String?
    let http: AWSHTTPClient
    let environment: AWSEnvironment
    let region: String?

    /// From the environment variables.
    public init(http: AWSHTTPClient, environment: AWSEnvironment = .process, region: String? = nil) {
        self.init(tokenFile: environment["AWS_WEB_IDENTITY_TOKEN_FILE"], roleArn: environment["AWS_ROLE_ARN"],
                  sessionName: environment["AWS_ROLE_SESSION_NAME"], http: http, environment: environment, region: region)
    }

    /// From explicit values (a profile's settings).
    public init(tokenFile: String?, roleArn: String?, sessionName: String?, http: AWSHTTPClient,
                environment: AWSEnvironment = .process, region: String? = nil) {
        self.tokenFile = tokenFile.map(environment.expandingHome)
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.http = http
        self.environment = environment
        self.region = region
    }

    /// Reads the token and exchanges it at STS.
    public func credentials() async throws -> AWSCredentials {
        guard let tokenFile, let roleArn else {
            throw AWSError.notConfigured("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set")
        }
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw AWSError.credentialSource("UnreadableWebIdentityToken",
                                            "Could not read the web identity token file \(tokenFile); check AWS_WEB_IDENTITY_TOKEN_FILE",
                                            underlying: error)
        }
        let sts = try STSClient(http: http, environment: environment, region: region)
        return try await sts.assumeRoleWithWebIdentity(roleArn: roleArn,
                                                       sessionName: sessionName ?? STSClient.defaultSessionName(now: http.now()),
                                                       token: token)
    }
}
