import Foundation
import QuarryTesting

/// botocore's serialization of an operation (scripts/aws/botocore_request.py): the reference for wire shapes.
struct BotocoreRequest {
    var method: String
    var path: String
    var query: [String: String]
    /// The JSON body, canonicalized (sorted keys), or nil.
    var body: String?

    /// Runs the script off the cooperative thread pool (it takes about a second), so other tests keep running.
    static func serialize(service: String, operation: String, params: String) async throws -> BotocoreRequest {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try serializeBlocking(service: service, operation: operation, params: params) })
            }
        }
    }

    static func serializeBlocking(service: String, operation: String, params: String) throws -> BotocoreRequest {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/aws/botocore_request.py").path
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = (environment["PATH"] ?? "/usr/bin:/bin") + ":/root/.pyenv/shims"
        let (status, data) = try Subprocess.run("/usr/bin/env", ["python3", script, service, operation, params], environment: environment)
        guard status == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MotoError(message: "botocore could not serialize \(operation): \(String(decoding: data, as: UTF8.self))")
        }
        return BotocoreRequest(method: object["method"] as! String, path: object["path"] as! String,
                               query: object["query"] as? [String: String] ?? [:],
                               body: (object["body"] is NSNull || object["body"] == nil) ? nil : try canonicalJSON(object["body"]!))
    }
}

/// JSON re-serialized with sorted keys, so two documents compare as strings.
func canonicalJSON(_ object: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
}

func canonicalJSON(bytes: [UInt8]) throws -> String {
    try canonicalJSON(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
}
