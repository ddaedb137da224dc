import AWSSigning
import Foundation
import NIOCore
import Testing
@testable import QuarryAWS

@Suite("AWS HTTP client against a local fake")
struct AWSHTTPClientTests {
    func signing() -> AWSSigningContext {
        AWSSigningContext(credentials: StaticCredentialProvider(testCredentials), region: "us-east-1", service: "bedrock")
    }

    func request(_ server: FakeServer, path: String = "/model-invocation-jobs") throws -> AWSRequest {
        AWSRequest(operation: "Test.Op", method: "GET", endpoint: try AWSEndpoint(parsing: server.url), path: path,
                   query: [("maxResults", "10"), ("nameContains", "a b")])
    }

    @Test("Each request is signed; the signature verifies with the same signer")
    func signsRequests() async throws {
        try await withFakeServer({ _ in .json("{}") }) { server in
            try await withHTTPClient { http, _ in
                _ = try await http.execute(try request(server), signing: signing())
            }
            let seen = try #require(server.requests.first)
            let authorization = try #require(seen.header("Authorization"))
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTESTEXAMPLE/"))
            #expect(authorization.contains("/us-east-1/bedrock/aws4_request"))
            #expect(seen.header("X-Amz-Security-Token") == testCredentials.sessionToken)
            #expect(seen.uri == "/model-invocation-jobs?maxResults=10&nameContains=a%20b")
            // Re-sign what the server received: the same signature.
            let signer = SigV4Signer(credentials: testCredentials, region: "us-east-1", service: "bedrock")
            let unsigned = seen.headers.filter { !["authorization", "x-amz-date", "x-amz-security-token", "content-length"].contains($0.0.lowercased()) }
            let again = try signer.signHeaders(method: "GET", url: "http://127.0.0.1:\(server.port)" + seen.uri,
                                               headers: unsigned, payload: .empty, date: testDate)
            #expect(again.first { $0.0 == "Authorization" }?.1 == authorization)
        }
    }

    @Test("Throttling, 5xx and SlowDown are retried with backoff; the injected clock records the waits")
    func retriesThrottlingAndServerErrors() async throws {
        let count = Locked(0)
        try await withFakeServer({ _ in
            let n = count.withLock { $0 += 1; return $0 }
            switch n {
            case 1: return .json(#"{"message":"slow down"}"#, status: 429, headers: [("X-Amzn-ErrorType", "ThrottlingException")])
            case 2: return .json(#"{"message":"oops"}"#, status: 500, headers: [("X-Amzn-ErrorType", "InternalServerException")])
            case 3: return .xml("<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>", status: 503)
            default: return .json(#"{"ok":true}"#)
            }
        }) { server in
            try await withHTTPClient(maxAttempts: 4) { http, clock in
                let response = try await http.execute(try request(server), signing: signing())
                #expect(String(buffer: response.body) == #"{"ok":true}"#)
                #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
            }
            #expect(server.requests.count == 4)
            // Every attempt is signed afresh.
            #expect(Set(server.requests.compactMap { $0.header("Authorization") }).count >= 1)
        }
    }

    @Test("Gives up after maxAttempts with the last error")
    func givesUp() async throws {
        try await withFakeServer({ _ in .json(#"{"message":"busy"}"#, status: 503, headers: [("X-Amzn-ErrorType", "ServiceUnavailableException")]) }) { server in
            try await withHTTPClient(maxAttempts: 3) { http, clock in
                let error = await awsError { _ = try await http.execute(try request(server), signing: signing()) }
                #expect(error?.kind == .transient)
                #expect(error?.code == "ServiceUnavailableException")
                #expect(error?.operation == "Test.Op")
                #expect(clock.sleeps.count == 2)
            }
            #expect(server.requests.count == 3)
        }
    }

    @Test("Client errors are not retried")
    func noRetryOnValidation() async throws {
        try await withFakeServer({ _ in .json(#"{"message":"bad"}"#, status: 400, headers: [("X-Amzn-ErrorType", "ValidationException")]) }) { server in
            try await withHTTPClient { http, clock in
                let error = await awsError { _ = try await http.execute(try request(server), signing: signing()) }
                #expect(error?.kind == .validation)
                #expect(clock.sleeps.isEmpty)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("A dropped connection is retried")
    func droppedConnection() async throws {
        let count = Locked(0)
        try await withFakeServer({ _ in count.withLock { $0 += 1; return $0 } == 1 ? .dropConnection : .json("{}") }) { server in
            try await withHTTPClient { http, clock in
                _ = try await http.execute(try request(server), signing: signing())
                #expect(clock.sleeps.count == 1)
            }
            #expect(server.requests.count == 2)
        }
    }

    @Test("A timeout is a network error, retried, and finally thrown")
    func timeout() async throws {
        try await withFakeServer({ _ in FakeResponse(body: Array("{}".utf8), delay: .seconds(10)) }) { server in
            try await withHTTPClient(maxAttempts: 2, timeout: .milliseconds(300)) { http, clock in
                let error = await awsError { _ = try await http.execute(try request(server), signing: signing()) }
                #expect(error?.kind == .network)
                #expect(error?.code == "Timeout")
                #expect(clock.sleeps.count == 1)
            }
        }
    }

    @Test("Connection refused is a network error")
    func refused() async throws {
        let server = try await FakeServer.start { _ in .json("{}") }
        let endpoint = try AWSEndpoint(parsing: server.url)
        await server.stop()
        // AsyncHTTPClient keeps trying to connect until the attempt's deadline, so keep it short.
        try await withHTTPClient(maxAttempts: 2, timeout: .milliseconds(500)) { http, _ in
            let error = await awsError {
                _ = try await http.execute(AWSRequest(operation: "Test.Op", method: "GET", endpoint: endpoint), signing: signing())
            }
            #expect(error?.kind == .network)
        }
    }

    @Test("Errors never show credentials, tokens or signatures, even when the server echoes them")
    func redaction() async throws {
        try await withFakeServer({ request in
            let echoed = request.headers.map { "\($0.0): \($0.1)" }.joined(separator: " | ")
            return .xml("<Error><Code>SignatureDoesNotMatch</Code><Message>got \(echoed) secret testSecretKeyThatMustNeverBePrinted</Message></Error>", status: 403)
        }) { server in
            try await withHTTPClient { http, _ in
                let error = try #require(await awsError { _ = try await http.execute(try request(server), signing: signing()) })
                let signature = try #require(server.requests.first?.header("Authorization")?.components(separatedBy: "Signature=").last)
                for text in [error.description, String(describing: error), "\(error)", String(reflecting: error)] {
                    #expect(!text.contains(testCredentials.secretAccessKey))
                    #expect(!text.contains(testCredentials.sessionToken!))
                    #expect(!text.contains(signature))
                }
                #expect(error.kind == .authentication)
                #expect(!"\(testCredentials)".contains(testCredentials.secretAccessKey))
            }
        }
    }

    @Test("Streaming: the head returns first, the body arrives as chunks")
    func streaming() async throws {
        let payload = [UInt8](repeating: 7, count: 300_000)
        try await withFakeServer({ _ in FakeResponse(body: payload) }) { server in
            try await withHTTPClient { http, _ in
                let response = try await http.executeStreaming(try request(server), signing: signing())
                #expect(response.status == 200)
                var total = 0
                for try await chunk in response.body { total += chunk.readableBytes }
                #expect(total == payload.count)
            }
        }
    }

    @Test("An ExpiredToken answer drops the cached credentials and retries once with fresh ones")
    func expiredTokenRefreshes() async throws {
        struct Rotating: AWSCredentialProvider {
            let calls: Locked<Int>
            func credentials() async throws -> AWSCredentials {
                let n = calls.withLock { $0 += 1; return $0 }
                return AWSCredentials(accessKeyId: "AKID\(n)", secretAccessKey: "secret\(n)", sessionToken: "token\(n)",
                                      expiration: Date().addingTimeInterval(3600))
            }
        }
        let calls = Locked(0)
        let cache = CachingCredentialProvider(Rotating(calls: calls))
        try await withFakeServer({ request in
            request.header("X-Amz-Security-Token") == "token1"
                ? .json(#"{"message":"The security token included in the request is expired"}"#, status: 403,
                        headers: [("X-Amzn-ErrorType", "ExpiredTokenException")])
                : .json("{}")
        }) { server in
            try await withHTTPClient { http, clock in
                let context = AWSSigningContext(credentials: cache, region: "us-east-1", service: "bedrock")
                _ = try await http.execute(try request(server), signing: context)
                #expect(clock.sleeps.isEmpty)
            }
            #expect(server.requests.compactMap { $0.header("X-Amz-Security-Token") } == ["token1", "token2"])
            #expect(calls.current == 2)
        }
    }
}
