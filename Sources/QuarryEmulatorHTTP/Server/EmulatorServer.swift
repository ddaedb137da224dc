public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import ServiceLifecycle
import UnixSignals

/// Quarry's Bedrock emulator served over HTTP on one port: S3 (path-style or virtual-hosted),
/// the Bedrock control plane for batch jobs, and Bedrock Runtime `InvokeModel`, each checking
/// SigV4 signatures, so unmodified AWS clients (boto3, the AWS CLI, Quarry's own AWS layer) can be
/// pointed at it with `endpoint_url`.
///
/// Requests for `/model-invocation-job…`, `/model-invocation-jobs` and `/model/{id}/invoke` go to
/// Bedrock; everything else is S3. The object store is the emulator core's storage root, so
/// objects uploaded over S3 are the jobs' inputs, and job outputs can be listed and downloaded.
///
/// ```swift
/// let server = EmulatorServer(configuration: .init(dataDirectory: "/tmp/emu"))
/// try await server.withRunning { endpoint in
///     // talk to endpoint (http://127.0.0.1:PORT)
/// }
/// ```
public struct EmulatorServer: Service {
    /// Where and how the server runs.
    public let configuration: Configuration
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates a server; nothing runs until ``run(onListening:)``.
    ///
    /// - Parameters:
    ///   - configuration: Address, state folder, credentials and faults.
    ///   - logger: Where request failures and refusals are logged (never credentials or signatures).
    ///   - now: The clock for signature times and the emulated jobs' lifecycles.
    public init(configuration: Configuration, logger: Logger = Logger(label: "quarry.emulator.http"),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// `Service`: runs the server until the enclosing `ServiceGroup` shuts down gracefully (use a
    /// fixed ``Configuration/port``, or ``run(onListening:)`` to learn the bound port).
    public func run() async throws {
        try await run(onListening: { _ in })
    }

    /// Runs the server until the task is cancelled or the enclosing `ServiceGroup` shuts down
    /// gracefully. `onListening` is called once with the bound port when the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let handler = EmulatorHandler(configuration: configuration, now: now, logger: logger)
        try handler.store.prepare()
        let router = Self.router(handler)
        let dice = handler.dice
        let dropRate = configuration.dropRate
        let app = Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [ConnectionHandler(dropRate: dropRate, dice: dice)],
                idleTimeout: .seconds(300))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "QuarryEmulator"),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        try await app.run()
    }

    /// Runs the server until SIGINT or SIGTERM, then shuts down gracefully (for `quarry emulator`).
    public func runUntilSignalled(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [RunningServer(server: self, onListening: onListening)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Starts the server on its configured address, calls `body` with its endpoint
    /// (`http://host:port`) once it accepts connections, then shuts it down and returns `body`'s result.
    public func withRunning<T: Sendable>(_ body: @escaping @Sendable (_ endpoint: String) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(configuration: .init(
            services: [RunningServer(server: self, onListening: { port in continuation.yield(port) })], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                // If the server stops (or never starts: the port is taken), end the wait for its port.
                defer { continuation.finish() }
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // Surface why the server stopped before listening.
                try await tasks.waitForAll()
                throw CancellationError()
            }
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            let result: T
            do {
                result = try await body("http://\(host):\(port)")
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    // MARK: Routes

    static func router(_ handler: EmulatorHandler) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: S3FallbackMiddleware(handler: handler))
        /// A Bedrock route, unless the host names a virtual-hosted bucket (then the path is a key).
        func bedrock(_ method: HTTPRequest.Method, _ path: RouterPath,
                     _ operation: @escaping @Sendable (Request, BasicRequestContext) -> EmulatorHandler.BedrockOperation) {
            router.on(path, method: method) { request, context -> Response in
                if S3Address.virtualHostBucket(authority: request.head.authority, serverHost: handler.configuration.host) != nil {
                    return await handler.handleS3(request)
                }
                return await handler.handleBedrock(request, operation(request, context))
            }
        }
        bedrock(.post, "/model-invocation-job") { _, _ in .createJob }
        bedrock(.get, "/model-invocation-jobs") { _, _ in .listJobs }
        bedrock(.get, "/model-invocation-job/:jobIdentifier") { request, _ in
            .getJob(identifier: Self.segment(request, at: 1))
        }
        bedrock(.post, "/model-invocation-job/:jobIdentifier/stop") { request, _ in
            .stopJob(identifier: Self.segment(request, at: 1))
        }
        bedrock(.post, "/model/:modelId/invoke") { request, _ in
            .invokeModel(modelId: Self.segment(request, at: 1))
        }
        for method in [HTTPRequest.Method.get, .head, .put, .post, .delete] {
            router.on("/", method: method) { request, _ in await handler.handleS3(request) }
            router.on("**", method: method) { request, _ in await handler.handleS3(request) }
        }
        return router
    }

    /// The percent-decoded path segment at `index` (0 is the first after the leading `/`).
    static func segment(_ request: Request, at index: Int) -> String {
        let segments = RawTarget(request.head.path ?? "/").decodedSegments
        return index < segments.count ? segments[index] : ""
    }
}

/// The server as a `Service`, so a `ServiceGroup` can run it and shut it down gracefully.
struct RunningServer: Service {
    let server: EmulatorServer
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        try await server.run(onListening: onListening)
    }
}
