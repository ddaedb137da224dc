import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends requests to the Hub and follows its redirects itself, so that the token goes to the Hub's
/// own address only: a redirect to another host (the CDN's pre-signed URL) is followed without
/// `Authorization`, and so is everything after it.
final class HubTransport: Sendable {
    /// What came back after the redirects.
    struct Response: Sendable {
        /// The final status (never a redirect).
        var status: Int
        /// The final response's headers.
        var headers: HTTPHeaders
        /// The final response's body, streaming.
        var body: HTTPClientResponse.Body
        /// The headers of the last response from the Hub's own origin (e.g. `X-Linked-Etag` on the
        /// resolve redirect to the CDN), else of the first response.
        var hubHeaders: HTTPHeaders
        /// Where the final response came from (may hold a signed URL: never show it).
        var finalURL: String
    }

    let configuration: HubConfiguration
    let http: HTTPClient
    let logger: Logger
    private let endpointOrigin: Origin?

    init(configuration: HubConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        endpointOrigin = Origin(configuration.endpoint)
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .init(configuration.connectTimeout), read: .init(configuration.readTimeout))
        config.redirectConfiguration = .disallow
        config.decompression = .disabled
        config.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// One attempt: the request and its redirects (at most 10). Transport failures are thrown as
    /// ``HubError/Code/network``; statuses are returned as they are.
    func send(_ url: String, method: HTTPMethod = .GET, headers extra: [(String, String)] = []) async throws -> Response {
        var current = url
        var authorized = configuration.token != nil && Origin(url) != nil && Origin(url) == endpointOrigin
        var hubHeaders: HTTPHeaders?
        for _ in 0...10 {
            var request = HTTPClientRequest(url: current)
            request.method = method
            request.headers.add(name: "User-Agent", value: configuration.userAgent)
            request.headers.add(name: "Accept-Encoding", value: "identity")
            for (name, value) in extra { request.headers.add(name: name, value: value) }
            if authorized, let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: .init(configuration.readTimeout + configuration.connectTimeout), logger: nil)
            } catch {
                throw Self.networkError(error, url: current)
            }
            if hubHeaders == nil || Origin(current) == endpointOrigin { hubHeaders = response.headers }
            let status = Int(response.status.code)
            guard [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") else {
                return Response(status: status, headers: response.headers, body: response.body, hubHeaders: hubHeaders ?? response.headers,
                                finalURL: current)
            }
            _ = try? await response.body.collect(upTo: 1 << 20)
            guard let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString else {
                throw HubError(.invalidResponse, "the Hub redirected to an unusable address", status: status)
            }
            // A different host gets no token: the Hub's CDN URLs are pre-signed.
            if Origin(next) != Origin(current) { authorized = false }
            logger.debug("hub redirect", metadata: ["hub.status": "\(status)", "hub.cross_origin": "\(Origin(next) != Origin(current))"])
            current = next
        }
        throw HubError(.invalidResponse, "the Hub redirected more than 10 times for \(Self.display(url))")
    }

    /// The URL without its query (signed URLs carry credentials there).
    static func display(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }

    static func networkError(_ error: any Error, url: String) -> any Error {
        if error is CancellationError { return error }
        if let e = error as? HTTPClientError, e == .cancelled { return CancellationError() }
        let host = Origin(url).map { "\($0.host):\($0.port)" } ?? "the Hub"
        return HubError(.network, "cannot reach \(host): \(String(describing: error).prefix(200))",
                        hint: "check the network connection and HF_ENDPOINT; set HF_HUB_OFFLINE=1 to use cached files only")
    }
}

/// Scheme, host and port of a URL: two URLs with the same origin may share a token.
struct Origin: Equatable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: String) {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), let host = c.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        port = c.port ?? (scheme == "https" ? 443 : 80)
    }
}
