import Foundation
public import QuarryCore
import QuarryStore

/// Sends a handful of requests one by one (Bedrock InvokeModel): the rows below a batch job's
/// minimum, first-pass or retried. Throttled calls back off and retry without using an attempt;
/// record errors use attempts as in batch.
struct RealtimeLane {
    let spec: RunSpec
    let adapter: any ModelAdapter
    let backend: any BatchBackend
    let sleep: @Sendable (Double) async throws -> Void

    struct Request: Sendable {
        var row: Int
        var recordId: String
        var body: [UInt8]
        var priorAttempts: Int
    }

    /// Answers every request (in parallel up to the configured concurrency); never throws for a record's failure.
    func answer(_ requests: [Request]) async throws -> [(Request, RecordResult)] {
        var out: [(Request, RecordResult)] = []
        out.reserveCapacity(requests.count)
        let width = max(1, spec.retry.realtimeConcurrency)
        try await withThrowingTaskGroup(of: (Request, RecordResult).self) { group in
            var next = 0
            while next < requests.count && next < width {
                let r = requests[next]
                group.addTask { try await self.answer(r) }
                next += 1
            }
            while let done = try await group.next() {
                out.append(done)
                if next < requests.count {
                    let r = requests[next]
                    group.addTask { try await self.answer(r) }
                    next += 1
                }
            }
        }
        return out
    }

    func answer(_ request: Request) async throws -> (Request, RecordResult) {
        var attempts = request.priorAttempts
        var throttles = 0
        while true {
            try Task.checkCancellation()
            switch await invoke(request.body) {
            case .success(let body):
                attempts += 1
                return (request, parse(body, attempts: attempts))
            case .failure(let error):
                if error.kind == .throttled || error.kind == .quotaExceeded {
                    throttles += 1
                    try await sleep(Backoff.delay(attempt: throttles, base: 0.05, cap: 5))
                    continue
                }
                attempts += 1
                let retryable = error.kind == .transient
                if retryable && attempts < spec.retry.maxAttempts {
                    try await sleep(Backoff.delay(attempt: attempts, base: 0.05, cap: 5))
                    continue
                }
                let suffix = retryable ? " (gave up after \(attempts) attempts)" : ""
                return (request, RecordResult(status: .failed, error: error.description + suffix, attempts: attempts))
            }
        }
    }

    func invoke(_ body: [UInt8]) async -> Result<[UInt8], BackendError> {
        do { return .success(try await backend.invoke(modelId: spec.model, body: body)) } catch { return .failure(error) }
    }

    func parse(_ body: [UInt8], attempts: Int) -> RecordResult {
        guard let doc = try? JSONValue.parse(body), let r = try? adapter.parseModelOutput(doc) else {
            return RecordResult(status: .failed, error: "unexpected model output from InvokeModel", attempts: attempts)
        }
        return RecordResult(status: .ok, text: r.text.map { Array($0.utf8) }, embeddingJSON: r.embeddingJSON,
                            inputTokens: r.inputTokens, outputTokens: r.outputTokens, stopReason: r.stopReason, attempts: attempts)
    }
}

/// Exponential backoff with full jitter.
public enum Backoff {
    /// Seconds to wait before attempt `attempt` (1-based).
    public static func delay(attempt: Int, base: Double, cap: Double) -> Double {
        let ceiling = min(cap, base * pow(2, Double(min(attempt, 20) - 1)))
        return Double.random(in: (ceiling / 2)...max(ceiling / 2, ceiling))
    }
}
