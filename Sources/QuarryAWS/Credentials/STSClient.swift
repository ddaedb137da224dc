public import AWSSigning
import Foundation
import NIOCore

/// The two AWS Security Token Service calls credential providers need (query protocol, XML answers).
struct STSClient: Sendable {
    let http: AWSHTTPClient
    let endpoint: AWSEndpoint
    let region: String

    /// The STS endpoint: `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else the regional
    /// `https://sts.{region}.amazonaws.com` (region defaults to us-east-1).
    init(http: AWSHTTPClient, environment: AWSEnvironment, region: String?) throws {
        self.http = http
        let region = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        self.region = region
        self.endpoint = try AWSEndpointResolver(environment: environment).endpoint(service: "sts", region: region)
    }

    /// Parameters of AssumeRole.
    struct AssumeRole: Sendable {
        var roleArn: String
        var sessionName: String
        var externalId: String?
        var durationSeconds: Int?
        var serialNumber: String?
    }

    /// `AssumeRole`, signed with `source`.
    func assumeRole(_ parameters: AssumeRole, source: any AWSCredentialProvider) async throws -> AWSCredentials {
        var form: [(String, String?)] = [("Action", "AssumeRole"), ("Version", "2011-06-15"),
                                         ("RoleArn", parameters.roleArn), ("RoleSessionName", parameters.sessionName)]
        if let externalId = parameters.externalId { form.append(("ExternalId", externalId)) }
        if let duration = parameters.durationSeconds { form.append(("DurationSeconds", String(duration))) }
        let signing = AWSSigningContext(credentials: source, region: region, service: "sts")
        return try await call(form, operation: "STS.AssumeRole", signing: signing)
    }

    /// `AssumeRoleWithWebIdentity`, unsigned (the token is the proof).
    func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, token: String,
                                   durationSeconds: Int? = nil) async throws -> AWSCredentials {
        var form: [(String, String?)] = [("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"),
                                         ("RoleArn", roleArn), ("RoleSessionName", sessionName),
                                         ("WebIdentityToken", token)]
        if let durationSeconds { form.append(("DurationSeconds", String(durationSeconds))) }
        return try await call(form, operation: "STS.AssumeRoleWithWebIdentity", signing: nil)
    }

    private func call(_ form: [(String, String?)], operation: String, signing: AWSSigningContext?) async throws -> AWSCredentials {
        let request = AWSRequest(operation: operation, method: "POST", endpoint: endpoint, path: "/",
                                 headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                 body: ByteBuffer(string: AWSPercentEncoding.query(form)))
        let response: AWSResponse
        do {
            response = try await http.execute(request, signing: signing)
        } catch var error as AWSError {
            if error.kind != .network { error.message = "STS refused the role: " + error.message }
            throw error
        }
        guard let root = try? XMLNode.parse(response.bytes), let node = root.first("Credentials"),
              let accessKey = node.string("AccessKeyId"), let secret = node.string("SecretAccessKey") else {
            throw AWSError(kind: .invalidResponse, code: "InvalidSTSResponse",
                           message: "STS answered without credentials", httpStatus: response.status,
                           requestId: response.requestId, operation: operation)
        }
        return AWSCredentials(accessKeyId: accessKey.trimmingCharacters(in: .whitespacesAndNewlines),
                              secretAccessKey: secret.trimmingCharacters(in: .whitespacesAndNewlines),
                              sessionToken: node.string("SessionToken")?.trimmingCharacters(in: .whitespacesAndNewlines),
                              expiration: node.string("Expiration").flatMap(ISO8601.parse))
    }

    /// A session name for roles that were not given one: `quarry-<unix seconds>`.
    static func defaultSessionName(now: Date) -> String {
        "quarry-\(Int(now.timeIntervalSince1970))"
    }
}

/// Credentials of an IAM role, assumed with another provider's credentials (`role_arn` + `source_profile`
/// or `credential_source` in a profile).
public struct AssumeRoleCredentialProvider: AWSCredentialProvider {
    let sts: STSClient
    let parameters: STSClient.AssumeRole
    let source: any AWSCredentialProvider

    /// Assumes `roleArn` with the credentials of `source`.
    ///
    /// - Parameters:
    ///   - sessionName: Names the session in CloudTrail; default `quarry-<unix time>`.
    ///   - externalId: The external id the role's trust policy demands, if any.
    ///   - durationSeconds: The session length (900…43200); STS's default (1 hour) when `nil`.
    ///   - region: The STS region (default: `AWS_REGION`, `AWS_DEFAULT_REGION`, us-east-1).
    ///   - environment: Where `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` are read.
    public init(roleArn: String, source: any AWSCredentialProvider, http: AWSHTTPClient,
                sessionName: String? = nil, externalId: String? = nil, durationSeconds: Int? = nil,
                region: String? = nil, environment: AWSEnvironment = .process) throws {
        self.sts = try STSClient(http: http, environment: environment, region: region)
        self.parameters = .init(roleArn: roleArn, sessionName: sessionName ?? STSClient.defaultSessionName(now: http.now()),
                                externalId: externalId, durationSeconds: durationSeconds)
        self.source = source
    }

    /// Fresh role credentials (wrap in ``CachingCredentialProvider`` to reuse them).
    public func credentials() async throws -> AWSCredentials {
        try await sts.assumeRole(parameters, source: source)
    }
}
