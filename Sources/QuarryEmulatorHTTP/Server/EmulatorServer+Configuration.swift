public import AWSSigning
public import QuarryEmulator

extension EmulatorServer {
    /// Where the server listens, where it keeps state, whom it trusts, and which faults it injects.
    public struct Configuration: Sendable {
        /// The address to bind; `127.0.0.1` by default (the server has no TLS and trusts its caller's network).
        public var host: String = "127.0.0.1"
        /// The port; `0` picks a free one (read it from ``EmulatorServer/run(onListening:)``).
        public var port: Int = 0
        /// The state folder: `objects/` (the S3 buckets, also the emulator's storage root), `jobs/`
        /// (Bedrock jobs) and `s3/` (object metadata, multipart uploads, temporary files).
        public var dataDirectory: String
        /// The credentials requests must be signed with. Empty: signatures are parsed and their
        /// time checked, but any access key and secret are accepted.
        public var credentials: [AWSCredentials] = []
        /// Timing, limits and faults of the Bedrock emulator core.
        public var emulator: EmulatorConfiguration = EmulatorConfiguration()
        /// Share of S3 calls answered `503 SlowDown` or `500 InternalError` (half each).
        public var s3ErrorRate: Double = 0
        /// Share of requests (any API) whose connection is closed without an answer.
        public var dropRate: Double = 0
        /// Seed for the HTTP-level fault rolls (S3 errors, dropped connections).
        public var faultSeed: UInt64 = 0
        /// How far a request's signing time may be from the server's clock (AWS: 15 minutes).
        public var maxClockSkewSeconds: Double = 15 * 60
        /// Largest request body accepted for Bedrock calls and S3 XML documents.
        public var maxDocumentBytes: Int = 32 * 1024 * 1024

        /// Creates a configuration over a state folder; change fields with `var` assignment.
        public init(dataDirectory: String) {
            self.dataDirectory = dataDirectory
        }

        /// The folder the emulator core keeps its jobs in.
        public var jobsDirectory: String { dataDirectory + "/jobs" }
        /// The folder standing in for S3 (`s3://bucket/key` is `<objectsDirectory>/bucket/key`).
        public var objectsDirectory: String { dataDirectory + "/objects" }
    }
}
