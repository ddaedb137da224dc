import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import Testing

/// moto's server mode (`moto_server`) on a free loopback port: the S3 (and Bedrock Runtime) conformance oracle.
final class MotoServer: Sendable {
    let process: Locked<Process>
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    @TaskLocal static var current: MotoServer?

    private init(process: Process, port: Int) {
        self.process = Locked(process)
        self.port = port
    }

    /// Starts moto and waits until it accepts connections.
    static func start() async throws -> MotoServer {
        let port = try await freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = (environment["PATH"] ?? "/usr/bin:/bin") + ":/root/.pyenv/shims"
        process.environment = environment
        let log = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let server = MotoServer(process: process, port: port)
        for _ in 0..<300 {
            if await canConnect(port: port) { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw MotoError(message: "moto_server did not start on port \(port)")
    }

    /// Kills moto with SIGKILL: it inherits the test process's blocked-signal mask, so SIGTERM
    /// (`Process.terminate()`) would stay pending forever.
    func stop() {
        process.withLock { process in
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    private static func canConnect(port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}

struct MotoError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A suite trait that runs one moto server for the whole suite (``MotoServer/current`` inside it).
struct MotoServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await MotoServer.start()
        do {
            try await MotoServer.$current.withValue(server) { try await function() }
        } catch {
            server.stop()
            throw error
        }
        server.stop()
    }
}

extension Trait where Self == MotoServerTrait {
    /// One moto server for the suite.
    static var motoServer: Self { MotoServerTrait() }
}
