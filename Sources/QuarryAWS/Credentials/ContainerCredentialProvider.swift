public import AWSSigning
import Foundation

/// Credentials from the container credentials endpoint (ECS tasks, EKS Pod Identity):
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (at `http://169.254.170.2`), or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` with an `Authorization` header from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every call) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// A full URI must be HTTPS, or HTTP to a loopback address or the ECS/EKS link-local hosts.
public struct ContainerCredentialProvider: AWSCredentialProvider {
    let environment: AWSEnvironment
    let http: AWSHTTPClient
    let relativeBase: String

    /// Reads the container variables from `environment`.
    public init(http: AWSHTTPClient, environment: AWSEnvironment = .process) {
        self.init(http: http, environment: environment, relativeBase: "http://169.254.170.2")
    }

    /// `relativeBase` replaces `http://169.254.170.2` (tests).
    init(http: AWSHTTPClient, environment: AWSEnvironment, relativeBase: String) {
        self.environment = environment
        self.http = http
        self.relativeBase = relativeBase
    }

    /// Asks the endpoint.
    public func credentials() async throws -> AWSCredentials {
        let url: String
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = relativeBase + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            url = full
            let endpoint = try AWSEndpoint(parsing: full)
            guard endpoint.scheme == "https" || Self.isAllowedHTTPHost(endpoint.host) else {
                throw AWSError(kind: .configuration, code: "InvalidContainerCredentialsURI",
                               message: "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback address, 169.254.170.2 or 169.254.170.23")
            }
            if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
                do {
                    let token = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                    headers.append(("Authorization", token))
                } catch {
                    throw AWSError.credentialSource("UnreadableContainerAuthorizationToken",
                                                    "Could not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (\(file))", underlying: error)
                }
            } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
                headers.append(("Authorization", token))
            }
        } else {
            throw AWSError.notConfigured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
        }
        let (endpoint, path) = try Self.split(url)
        let request = AWSRequest(operation: "ContainerCredentials", method: "GET", endpoint: endpoint, path: path.path,
                                 query: path.query, headers: headers)
        let response: AWSResponse
        do {
            response = try await http.execute(request, signing: nil, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100)),
                                              timeout: .seconds(2))
        } catch var error as AWSError {
            error.kind = error.kind == .network ? .credentials : error.kind
            error.message = "The container credentials endpoint failed: " + error.message
            throw error
        }
        return try JSONCredentials.decode(response.bytes, source: "The container credentials endpoint")
    }

    static func isAllowedHTTPHost(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "169.254.170.2"
            || host == "169.254.170.23" || host == "fd00:ec2::23"
    }

    /// Splits an absolute URL into an endpoint and an (already encoded) path and query.
    static func split(_ url: String) throws -> (AWSEndpoint, (path: String, query: [(String, String?)])) {
        var endpoint = try AWSEndpoint(parsing: url)
        var path = endpoint.basePath.isEmpty ? "/" : endpoint.basePath
        endpoint.basePath = ""
        var query: [(String, String?)] = []
        if let mark = url.firstIndex(of: "?") {
            for item in url[url.index(after: mark)...].split(separator: "&") {
                let parts = item.split(separator: "=", maxSplits: 1)
                query.append((AWSPercentEncoding.decode(String(parts[0])), parts.count > 1 ? AWSPercentEncoding.decode(String(parts[1])) : nil))
            }
        }
        if path.isEmpty { path = "/" }
        return (endpoint, (path, query))
    }
}
