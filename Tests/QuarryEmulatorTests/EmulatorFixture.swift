import Foundation
import QuarryCore
@testable import QuarryEmulator

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var date: Date {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    func advance(_ seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        current += seconds
    }

    var now: @Sendable () -> Date { { self.date } }
}

/// Temporary data and storage folders, input writers and output readers for one test.
struct EmulatorFixture {
    let root: String
    let clock: ManualClock
    var dataDirectory: String { root + "/data" }
    var storageRoot: String { root + "/s3" }

    static let roleArn = "arn:aws:iam::123456789012:role/BedrockBatch"
    static let claude = "anthropic.claude-3-5-haiku-20241022-v1:0"
    static let titan = "amazon.titan-embed-text-v2:0"

    init(clock: ManualClock = ManualClock()) {
        root = NSTemporaryDirectory() + "quarry-emu-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        self.clock = clock
    }

    func emulator(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) -> BedrockEmulator {
        var c = EmulatorConfiguration()
        c.jobSeconds = 100
        configure(&c)
        return BedrockEmulator(dataDirectory: dataDirectory, storageRoot: storageRoot, configuration: c, now: clock.now)
    }

    func path(_ uri: String) -> String {
        let u = S3URI(uri)!
        return storageRoot + "/" + u.bucket + "/" + u.key
    }

    /// Writes a JSONL input of `count` records for `modelId` and returns its URI.
    @discardableResult
    func writeInput(_ uri: String = "s3://in-bucket/jobs/0001/part-0001.jsonl", count: Int,
                    modelId: String = EmulatorFixture.claude, idPrefix: String = "REC", withIds: Bool = true,
                    dimensions: Int? = nil) -> String {
        let adapter = try! ModelCatalog.resolve(modelId).adapter
        var params = ModelParams()
        params.dimensions = dimensions
        var w = JSONWriter(capacity: count * 200)
        for i in 0..<count {
            w.beginObject()
            if withIds { w.key("recordId"); w.string(String(format: "\(idPrefix)%07d", i)) }
            w.key("modelInput")
            adapter.writeModelInput(Prompt("Question number \(i): what is \(i) plus \(i)?"), params: params, into: &w)
            w.endObject()
            w.newline()
        }
        writeRaw(uri, w.bytes)
        return uri
    }

    func writeRaw(_ uri: String, _ bytes: [UInt8]) {
        let p = path(uri)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
    }

    func request(name: String = "job-0001", token: String? = nil, modelId: String = EmulatorFixture.claude,
                 input: String = "s3://in-bucket/jobs/0001/part-0001.jsonl",
                 output: String = "s3://out-bucket/results/") -> CreateModelInvocationJobRequest {
        CreateModelInvocationJobRequest(jobName: name, roleArn: Self.roleArn, clientRequestToken: token, modelId: modelId,
                                        inputS3Uri: input, outputS3Uri: output)
    }

    /// The parsed lines of an output file (nil when it does not exist).
    func outputLines(_ uri: String) -> [JSONValue]? {
        guard let data = FileManager.default.contents(atPath: path(uri)) else { return nil }
        return data.split(separator: 0x0A).map { try! JSONValue.parse(Array($0)) }
    }

    func manifest(_ uri: String) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: path(uri)) else { return nil }
        return try? JSONValue.parse(Array(data))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

extension ModelInvocationJob {
    var id: String { jobId }
}
