import Foundation

/// The fake Hugging Face Hub (`scripts/fake_hub.py`) on loopback: a Hub port (JSON API, resolve
/// redirects) and a second "CDN" port serving file contents, with a log of every request.
///
///     let root = try FakeHub.makeDatasets(#"{"datasets": [{"repo": "acme/cot", "splits": {"default/train": [5, 3]}}]}"#)
///     let hub = try FakeHub.start(root: root)
///     defer { hub.stop() }
///     // HF_ENDPOINT=hub.endpoint
public final class FakeHub: @unchecked Sendable {
    /// `http://127.0.0.1:<port>`: give it as `HF_ENDPOINT`.
    public let endpoint: String
    /// The CDN's port (a different origin from the Hub's).
    public let cdnPort: Int
    /// The request log (one JSON object a line).
    public let logPath: String
    private let process: Process
    private let input: Pipe

    /// One request the fake received.
    public struct Request: Sendable, Decodable {
        /// `hub` or `cdn`.
        public var server: String
        /// `GET` or `HEAD`.
        public var method: String
        /// The path and query, as sent.
        public var path: String
        /// Whether an `Authorization` header came with it.
        public var auth: Bool
        /// The `Range` header, if any.
        public var range: String?
    }

    private init(endpoint: String, cdnPort: Int, logPath: String, process: Process, input: Pipe) {
        self.endpoint = endpoint
        self.cdnPort = cdnPort
        self.logPath = logPath
        self.process = process
        self.input = input
    }

    /// The fake's script.
    public static var script: String { QuarryBinary.packageRoot + "/scripts/fake_hub.py" }

    /// The Python with pyarrow: `QUARRY_TEST_PYTHON`, else `.venv-test/bin/python` in the package root.
    public static var pyarrowPython: String? {
        if let p = ProcessInfo.processInfo.environment["QUARRY_TEST_PYTHON"], !p.isEmpty { return p }
        let local = QuarryBinary.packageRoot + "/.venv-test/bin/python"
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// Writes datasets described by `spec` (see `make()` in the script) with pyarrow into a new
    /// folder and returns it.
    public static func makeDatasets(_ spec: String) throws -> String {
        guard let python = pyarrowPython else {
            throw FakeHubError(description: "the fake Hub's datasets are written by pyarrow: set QUARRY_TEST_PYTHON or create .venv-test (scripts/test.sh does)")
        }
        let root = NSTemporaryDirectory() + "quarry-fakehub-\(UUID().uuidString.prefix(8))"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, "make", "--root", root]
        let stdin = Pipe()
        p.standardInput = stdin
        let errors = Pipe()
        p.standardError = errors
        try p.run()
        stdin.fileHandleForWriting.write(Data(spec.utf8))
        try stdin.fileHandleForWriting.close()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw FakeHubError(description: "fake_hub.py make failed: \(String(decoding: message, as: UTF8.self))")
        }
        return root
    }

    /// Starts the servers on free loopback ports, serving the datasets under `root`.
    /// - Parameter pageSize: Entries per page of tree listings (small values exercise pagination).
    public static func start(root: String, pageSize: Int = 1000) throws -> FakeHub {
        let log = NSTemporaryDirectory() + "quarry-fakehub-log-\(UUID().uuidString.prefix(8)).jsonl"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, "serve", "--root", root, "--log", log, "--page-size", "\(pageSize)"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        // The first line says the ports.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        struct Ports: Decodable { var hub: Int; var cdn: Int }
        guard let ports = try? JSONDecoder().decode(Ports.self, from: line) else {
            p.terminate()
            throw FakeHubError(description: "the fake Hub did not start: \(String(decoding: line, as: UTF8.self))")
        }
        return FakeHub(endpoint: "http://127.0.0.1:\(ports.hub)", cdnPort: ports.cdn, logPath: log, process: p, input: input)
    }

    /// Every request received so far, in order.
    public func requests() -> [Request] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(Request.self, from: Data($0)) }
    }

    /// Forgets the requests logged so far.
    public func clearLog() {
        _ = FileManager.default.createFile(atPath: logPath, contents: Data())
    }

    /// Stops the servers (closing their standard input) and removes the log.
    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

/// The fake Hub could not be set up.
public struct FakeHubError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(description: String) { self.description = description }
}
