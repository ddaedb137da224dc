import AWSSigning
public import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1

/// The HTTP layer every Quarry AWS client shares: one `HTTPClient` (connection pool), SigV4 signing
/// of every attempt, AWS error parsing and retries with exponential backoff and full jitter.
///
/// Create one per process, pass it to the clients, and call ``shutdown()`` once at the end:
///
/// ```swift
/// let http = AWSHTTPClient()
/// let s3 = S3Client(http: http, credentials: chain, region: "us-east-1")
/// defer { … }  // try await http.shutdown()
/// ```
public final class AWSHTTPClient: Sendable {
    /// Timeouts, pool size and retries.
    public struct Configuration: Sendable {
        /// When to retry and how long to wait.
        public var retry: RetryPolicy
        /// How long one attempt may take until the response head arrives.
        public var timeout: Duration
        /// How long opening a connection may take.
        public var connectTimeout: Duration
        /// How long a response body may stall between bytes.
        public var readTimeout: Duration
        /// Connections kept per host.
        public var maxConnectionsPerHost: Int
        /// The largest body a buffered call (``AWSHTTPClient/execute(_:signing:)``) accepts.
        public var maxBufferedResponseBytes: Int
        /// Sent as `User-Agent`.
        public var userAgent: String

        /// Creates a configuration; every value has a default.
        public init(retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(60),
                    connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(60),
                    maxConnectionsPerHost: Int = 16, maxBufferedResponseBytes: Int = 256 << 20,
                    userAgent: String = "quarry-aws/1.0") {
            self.retry = retry
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxBufferedResponseBytes = maxBufferedResponseBytes
            self.userAgent = userAgent
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    let http: HTTPClient
    private let ownsHTTPClient: Bool
    private let clock: any Clock<Duration>
    /// The signing time source.
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates a client with its own connection pool.
    ///
    /// - Parameters:
    ///   - configuration: Timeouts, pool size, retries.
    ///   - clock: Used for backoff sleeps; inject a test clock to make retries instant.
    ///   - now: The time requests are signed with.
    ///   - logger: Receives one debug line per attempt (operation, status, request id); never secrets.
    ///   - httpClient: An existing `HTTPClient` to use instead of creating one. It is not shut down by ``shutdown()``.
    public init(configuration: Configuration = Configuration(), clock: any Clock<Duration> = ContinuousClock(),
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = AWSHTTPClient.silentLogger,
                httpClient: HTTPClient? = nil) {
        self.configuration = configuration
        self.clock = clock
        self.now = now
        self.logger = logger
        if let httpClient {
            self.http = httpClient
            self.ownsHTTPClient = false
        } else {
            var config = HTTPClient.Configuration()
            config.timeout = .init(connect: .init(configuration.connectTimeout), read: .init(configuration.readTimeout))
            config.redirectConfiguration = .disallow
            config.decompression = .disabled
            config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maxConnectionsPerHost
            config.httpVersion = .http1Only
            self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
            self.ownsHTTPClient = true
        }
    }

    /// A logger that drops everything (the default: libraries do not log unless given a logger).
    public static let silentLogger = Logger(label: "quarry.aws", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Closes the connection pool (when this client created it). Call once, after the last request.
    public func shutdown() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    // MARK: Calls

    /// Sends `request` (signed with `signing`, or unsigned when `nil`), retrying per the policy, and
    /// returns the 2xx response with its body in memory. Anything else throws an ``AWSError``.
    ///
    /// - Parameters:
    ///   - retry: Overrides the configured retry policy for this call.
    ///   - timeout: Overrides the configured time to the response head for this call.
    public func execute(_ request: AWSRequest, signing: AWSSigningContext?, retry: RetryPolicy? = nil,
                        timeout: Duration? = nil) async throws -> AWSResponse {
        try await withRetries(request, signing: signing, policy: retry ?? configuration.retry) { attempt in
            let response = try await self.send(request, signing: signing, attempt: attempt, timeout: timeout)
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: self.configuration.maxBufferedResponseBytes)
            } catch {
                throw self.transportError(error, operation: request.operation)
            }
            return AWSResponse(status: Int(response.status.code), headers: Array(response.headers), body: body)
        }
    }

    /// Sends `request` like ``execute(_:signing:)`` but returns as soon as a 2xx head arrives: the body
    /// streams from the connection as it is read. Retries cover everything up to the head; a failure
    /// while reading the body is thrown by the body's iterator.
    public func executeStreaming(_ request: AWSRequest, signing: AWSSigningContext?, retry: RetryPolicy? = nil,
                                 timeout: Duration? = nil) async throws -> AWSStreamingResponse {
        try await withRetries(request, signing: signing, policy: retry ?? configuration.retry) { attempt in
            let response = try await self.send(request, signing: signing, attempt: attempt, timeout: timeout)
            return AWSStreamingResponse(status: Int(response.status.code), headers: Array(response.headers),
                                        body: AWSResponseBody(base: response.body, operation: request.operation))
        }
    }

    // MARK: Steps

    /// Codes that mean the cached credentials went stale before their announced expiration.
    private static let expiredCredentialCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException", "InvalidToken",
                                                              "RequestExpired", "TokenRefreshRequired"]

    private func withRetries<Result>(_ request: AWSRequest, signing: AWSSigningContext?, policy: RetryPolicy,
                                     _ body: (Int) async throws -> Result) async throws -> Result {
        var attempt = 1
        var refreshedCredentials = false
        while true {
            let failure: AWSError
            var retryAfter: Duration?
            do {
                return try await body(attempt)
            } catch let error as AWSError {
                failure = error
                retryAfter = error.retryAfter
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                failure = transportError(error, operation: request.operation)
            }
            try Task.checkCancellation()
            // Credentials revoked or expired early: drop the cached ones and try once more at once.
            if !refreshedCredentials, Self.expiredCredentialCodes.contains(failure.code),
               let cache = signing?.credentials as? CachingCredentialProvider {
                refreshedCredentials = true
                await cache.invalidate()
                logger.debug("aws credentials refreshed after an expired-token error", metadata: ["aws.operation": "\(request.operation)"])
                continue
            }
            guard let delay = policy.delay(afterAttempt: attempt, error: failure, retryAfter: retryAfter) else {
                throw failure
            }
            logger.debug("aws request retried", metadata: [
                "aws.operation": "\(request.operation)", "aws.attempt": "\(attempt)",
                "aws.error_code": "\(failure.code)", "aws.delay_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
            ])
            try await clock.sleep(for: delay, tolerance: nil)
            attempt += 1
        }
    }

    /// One attempt: sign, send, and turn a non-2xx answer into an ``AWSError``.
    private func send(_ request: AWSRequest, signing: AWSSigningContext?, attempt: Int,
                      timeout: Duration?) async throws -> HTTPClientResponse {
        let url = request.url
        var headers = request.headers
        headers.append(("User-Agent", configuration.userAgent))
        var secrets: [String] = []
        if let signing {
            let credentials = try await signing.credentials.credentials()
            secrets = [credentials.secretAccessKey]
            if let token = credentials.sessionToken { secrets.append(token) }
            let signer = SigV4Signer(credentials: credentials, region: signing.region, service: signing.service,
                                     configuration: signing.configuration)
            let payload: SigV4Signer.Payload
            switch request.payloadSigning {
            case .unsigned: payload = .unsigned
            case .precomputed(let hash): payload = .precomputedHash(hash)
            case .sha256:
                if let body = request.body, body.readableBytes > 0 {
                    payload = body.withUnsafeReadableBytes { SigV4Signer.Payload.hashing($0) }
                } else {
                    payload = .empty
                }
            }
            do {
                headers = try signer.signHeaders(method: request.method, url: url, headers: headers, payload: payload, date: now())
            } catch {
                throw AWSError(kind: .configuration, code: "SigningFailed", message: error.message,
                               operation: request.operation, underlying: error)
            }
            if let authorization = headers.first(where: { $0.0 == "Authorization" })?.1,
               let signature = authorization.range(of: "Signature=") {
                secrets.append(String(authorization[signature.upperBound...]))
            }
        } else if !headers.contains(where: { $0.0.lowercased() == "host" }) {
            headers.append(("Host", request.endpoint.hostHeader))
        }

        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers = HTTPHeaders(headers)
        if let body = request.body {
            outgoing.body = .bytes(body)
        } else if request.method == "PUT" || request.method == "POST" {
            outgoing.body = .bytes(ByteBuffer())
        }

        let response: HTTPClientResponse
        do {
            response = try await http.execute(outgoing, timeout: .init(timeout ?? configuration.timeout), logger: logger)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw transportError(error, operation: request.operation)
        }
        let status = Int(response.status.code)
        let responseHeaders = Array(response.headers)
        logger.debug("aws response", metadata: [
            "aws.operation": "\(request.operation)", "aws.attempt": "\(attempt)", "http.status": "\(status)",
            "aws.request_id": "\(AWSError.header("x-amzn-requestid", in: responseHeaders) ?? AWSError.header("x-amz-request-id", in: responseHeaders) ?? "-")",
        ])
        guard (200..<300).contains(status) else {
            let body: [UInt8]
            if request.method == "HEAD" {
                body = []
            } else {
                body = (try? await response.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
            }
            var error = AWSError.fromResponse(status: status, headers: responseHeaders, body: body,
                                              operation: request.operation, secrets: secrets)
            if let value = AWSError.header("retry-after", in: responseHeaders), let seconds = Int(value), seconds >= 0 {
                error.retryAfter = .seconds(seconds)
            }
            throw error
        }
        return response
    }

    /// Maps an AsyncHTTPClient or NIO error to an ``AWSError``: network (retried) unless it means the
    /// request itself cannot be sent.
    func transportError(_ error: any Error, operation: String?) -> AWSError {
        if let error = error as? AWSError { return error }
        if let error = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme, .missingSocketPath, .alreadyShutdown,
                                                .bodyLengthMismatch, .invalidHeaderFieldNames([]), .invalidHeaderFieldValues([]),
                                                .unsupportedScheme(""), .traceRequestWithBody]
            if permanent.contains(where: { $0.shortDescription == error.shortDescription }) {
                return AWSError(kind: .configuration, code: "InvalidRequest",
                                message: "The request could not be sent: \(error.shortDescription)",
                                operation: operation, underlying: error)
            }
            let code = error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout ? "Timeout" : "ConnectionFailed"
            return AWSError(kind: .network, code: code, message: "The connection failed: \(error.shortDescription)",
                            operation: operation, underlying: error)
        }
        return AWSError(kind: .network, code: "ConnectionFailed", message: "The connection failed: \(String(describing: type(of: error)))",
                        operation: operation, underlying: error)
    }
}
