import AWSSigning
import Foundation
import QuarryEmulator
import QuarryEmulatorHTTP

/// Starts an emulator server on port 0 over a fresh temporary folder, runs `body`, and shuts down.
func withServer<T: Sendable>(
    credentials: [AWSCredentials] = [AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "secret/test+key")],
    dataDirectory: String? = nil,
    configure: (inout EmulatorServer.Configuration) -> Void = { _ in },
    _ body: @escaping @Sendable (TestClient, String) async throws -> T
) async throws -> T {
    let data = dataDirectory ?? makeTemporaryDirectory()
    var configuration = EmulatorServer.Configuration(dataDirectory: data)
    configuration.credentials = credentials
    configuration.emulator.jobSeconds = 0
    configuration.emulator.minRecordsPerJob = 1
    configure(&configuration)
    let server = EmulatorServer(configuration: configuration)
    return try await server.withRunning { endpoint in
        try await body(TestClient(endpoint: endpoint), data)
    }
}

func makeTemporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "quarry-emuhttp-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// `n` Bedrock batch records for a Claude model.
func claudeRecords(_ n: Int) -> [UInt8] {
    var text = ""
    for i in 0..<n {
        text += #"{"recordId":"r\#(i)","modelInput":{"anthropic_version":"bedrock-2023-05-31","max_tokens":50,"messages":[{"role":"user","content":"question \#(i)"}]}}"# + "\n"
    }
    return Array(text.utf8)
}

let claudeModel = "anthropic.claude-3-haiku-20240307-v1:0"
