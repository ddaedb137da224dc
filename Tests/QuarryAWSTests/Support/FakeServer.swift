import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the fake server saw it.
struct FakeRequest: Sendable {
    var method: String
    /// The raw request target: `/path?query`.
    var uri: String
    var headers: [(String, String)]
    var body: [UInt8]

    /// The path, still percent-encoded.
    var path: String { String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
    /// The query parameters, decoded.
    var query: [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        var result: [String: String] = [:]
        for item in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            result[key] = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        }
        return result
    }
    /// A form-encoded body, decoded (STS).
    var form: [String: String] {
        var result: [String: String] = [:]
        for item in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// What the fake server does with a request.
struct FakeResponse: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Close the connection without answering.
    var drop = false
    /// Answer after this long.
    var delay: TimeAmount?

    static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }
    static func xml(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "application/xml")] + headers, body: Array(text.utf8))
    }
    static func text(_ text: String, status: Int = 200) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
    }
    static let dropConnection = FakeResponse(drop: true)
}

/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, answering with a closure: the local fake
/// of an AWS endpoint (IMDS, the container endpoint, STS, Bedrock). Records every request.
final class FakeServer: Sendable {
    typealias Handler = @Sendable (FakeRequest) -> FakeResponse

    let channel: any Channel
    let port: Int
    let recorded: Locked<[FakeRequest]>

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [FakeRequest] { recorded.current }

    private init(channel: any Channel, port: Int, recorded: Locked<[FakeRequest]>) {
        self.channel = channel
        self.port = port
        self.recorded = recorded
    }

    static func start(_ handler: @escaping Handler) async throws -> FakeServer {
        let recorded = Locked<[FakeRequest]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeHandler(handler: handler, recorded: recorded))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeServer(channel: channel, port: channel.localAddress!.port!, recorded: recorded)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// Runs `body` with a fake server, stopping it afterwards.
func withFakeServer<T>(_ handler: @escaping FakeServer.Handler, _ body: (FakeServer) async throws -> T) async throws -> T {
    let server = try await FakeServer.start(handler)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

private final class FakeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: FakeServer.Handler
    let recorded: Locked<[FakeRequest]>
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(handler: @escaping FakeServer.Handler, recorded: Locked<[FakeRequest]>) {
        self.handler = handler
        self.recorded = recorded
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let value):
            head = value
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let request = FakeRequest(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
            recorded.withLock { $0.append(request) }
            let response = handler(request)
            if response.drop {
                context.close(promise: nil)
                return
            }
            let isHead = head.method == .HEAD
            if let delay = response.delay {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                    self.write(response, isHead: isHead, context: context)
                }
            } else {
                write(response, isHead: isHead, context: context)
            }
        }
    }

    private func write(_ response: FakeResponse, isHead: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(response.body.count)) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: response.status),
                                                             headers: headers))), promise: nil)
        if !isHead && !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
