import AWSSigning
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuarryEmulator

/// Everything a request needs: the object store, the Bedrock emulator core, the signature
/// verifier and the fault dice. Routes call into its S3 and Bedrock extensions.
struct EmulatorHandler: Sendable {
    let configuration: EmulatorServer.Configuration
    let store: ObjectStore
    let emulator: BedrockEmulator
    let verifier: SigV4Verifier
    let dice: FaultDice
    let now: @Sendable () -> Date
    let logger: Logger

    init(configuration: EmulatorServer.Configuration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.configuration = configuration
        self.store = ObjectStore(dataDirectory: configuration.dataDirectory)
        self.emulator = BedrockEmulator(dataDirectory: configuration.jobsDirectory, storageRoot: configuration.objectsDirectory,
                                        configuration: configuration.emulator, now: now)
        self.verifier = SigV4Verifier(credentials: configuration.credentials, maxSkew: configuration.maxClockSkewSeconds)
        self.dice = FaultDice(seed: configuration.faultSeed)
        self.now = now
        self.logger = logger
    }

    /// A fresh request id in S3's style (16 uppercase hex digits).
    static func newRequestId() -> String {
        var g = SystemRandomNumberGenerator()
        return String(format: "%016llX", g.next() as UInt64)
    }

    /// Reads a whole request body of at most `limit` bytes.
    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limit else { throw BodyTooLarge() }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        return bytes
    }

    struct BodyTooLarge: Error {}

    /// Runs blocking file-system work off the cooperative thread pool.
    static func offload<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(E) -> T in try work() })
            }
        }
        return try result.get()
    }

    static func field(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }
}
