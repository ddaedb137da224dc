public import AWSSigning
import Foundation

/// Credentials of the EC2 instance's role from the instance metadata service, IMDSv2: a session token
/// from `PUT /latest/api/token`, then `GET /latest/meta-data/iam/security-credentials/` for the role
/// name and `GET …/<role>` for the credentials.
///
/// The endpoint is `http://169.254.169.254` unless `AWS_EC2_METADATA_SERVICE_ENDPOINT` says otherwise;
/// `AWS_EC2_METADATA_DISABLED=true` turns the provider off. Short timeouts: off EC2 it gives up fast
/// and reports "not configured", so a chain moves on.
public struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
    let environment: AWSEnvironment
    let http: AWSHTTPClient
    let timeout: Duration

    /// Reads the IMDS settings from `environment`; `timeout` bounds each of the three calls.
    public init(http: AWSHTTPClient, environment: AWSEnvironment = .process, timeout: Duration = .seconds(1)) {
        self.environment = environment
        self.http = http
        self.timeout = timeout
    }

    /// Asks the metadata service.
    public func credentials() async throws -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw AWSError.notConfigured("AWS_EC2_METADATA_DISABLED is true")
        }
        let endpoint = try AWSEndpoint(parsing: environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254")
        let retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(100))

        let token: String?
        do {
            let request = AWSRequest(operation: "IMDS.GetToken", method: "PUT", endpoint: endpoint, path: "/latest/api/token",
                                     headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")])
            let response = try await http.execute(request, signing: nil, retry: retry, timeout: timeout)
            token = String(decoding: response.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let error as AWSError where error.kind == .network {
            throw AWSError.notConfigured("The instance metadata service at \(endpoint) did not answer")
        } catch let error as AWSError where error.httpStatus == 404 || error.httpStatus == 405 {
            token = nil // IMDSv1 only.
        }
        var headers: [(String, String)] = []
        if let token { headers.append(("X-aws-ec2-metadata-token", token)) }

        let base = "/latest/meta-data/iam/security-credentials/"
        let roleName: String
        do {
            let request = AWSRequest(operation: "IMDS.GetRole", method: "GET", endpoint: endpoint, path: base, headers: headers)
            let response = try await http.execute(request, signing: nil, retry: retry, timeout: timeout)
            guard let first = String(decoding: response.bytes, as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }), !first.isEmpty else {
                throw AWSError.notConfigured("The instance has no IAM role attached")
            }
            roleName = first
        } catch let error as AWSError where error.httpStatus == 404 {
            throw AWSError.notConfigured("The instance has no IAM role attached")
        }
        let request = AWSRequest(operation: "IMDS.GetCredentials", method: "GET", endpoint: endpoint,
                                 path: base + AWSPercentEncoding.encode(roleName), headers: headers)
        let response = try await http.execute(request, signing: nil, retry: retry, timeout: timeout)
        return try JSONCredentials.decode(response.bytes, source: "The instance metadata service")
    }
}
