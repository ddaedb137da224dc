import Foundation

/// A small in-memory Bedrock control plane for the client tests: Create/Get/List/Stop with
/// idempotency tokens, a job quota, name filters and nextToken pagination, answering in rest-json.
final class FakeBedrock: Sendable {
    struct Job {
        var id: String
        var body: [String: Any]
        var status: String
    }

    private let jobs = Locked<[Job]>([])
    let quota: Int
    /// Errors to answer with before serving normally (status, code), consumed in order.
    let injected = Locked<[(Int, String)]>([])

    init(quota: Int = 100) { self.quota = quota }

    func handle(_ request: FakeRequest) -> FakeResponse {
        if let (status, code) = injected.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            return .json(#"{"message":"injected \#(code)"}"#, status: status,
                         headers: [("X-Amzn-ErrorType", "\(code):http://internal.amazon.com/coral/com.amazon.bedrock/"),
                                   ("x-amzn-RequestId", "fake-\(code)")])
        }
        let path = request.path
        switch (request.method, path) {
        case ("POST", "/model-invocation-job"):
            return create(request)
        case ("GET", "/model-invocation-jobs"):
            return list(request.query)
        case ("GET", _) where path.hasPrefix("/model-invocation-job/"):
            return get(identifier: String(path.dropFirst("/model-invocation-job/".count)))
        case ("POST", _) where path.hasPrefix("/model-invocation-job/") && path.hasSuffix("/stop"):
            return stop(identifier: String(path.dropFirst("/model-invocation-job/".count).dropLast("/stop".count)))
        default:
            return .json(#"{"message":"unknown operation"}"#, status: 404, headers: [("X-Amzn-ErrorType", "UnknownOperationException")])
        }
    }

    static func arn(_ id: String) -> String { "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/\(id)" }

    private func create(_ request: FakeRequest) -> FakeResponse {
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any],
              let name = body["jobName"] as? String, body["roleArn"] is String, body["modelId"] is String else {
            return .json(#"{"message":"1 validation error detected"}"#, status: 400, headers: [("X-Amzn-ErrorType", "ValidationException")])
        }
        return jobs.withLock { jobs in
            if let token = body["clientRequestToken"] as? String,
               let existing = jobs.first(where: { $0.body["clientRequestToken"] as? String == token }) {
                return .json(#"{"jobArn":"\#(Self.arn(existing.id))"}"#)
            }
            if jobs.contains(where: { $0.body["jobName"] as? String == name }) {
                return .json(#"{"message":"A job with this name already exists"}"#, status: 400, headers: [("X-Amzn-ErrorType", "ConflictException")])
            }
            if jobs.filter({ !["Completed", "Failed", "Stopped"].contains($0.status) }).count >= quota {
                return .json(#"{"message":"quota"}"#, status: 400, headers: [("X-Amzn-ErrorType", "ServiceQuotaExceededException")])
            }
            let id = String(format: "job%09d", jobs.count + 1)
            jobs.append(Job(id: id, body: body, status: "Submitted"))
            return .json(#"{"jobArn":"\#(Self.arn(id))"}"#)
        }
    }

    private func find(_ identifier: String) -> Int? {
        let decoded = identifier.removingPercentEncoding ?? identifier
        let id = decoded.split(separator: "/").last.map(String.init) ?? decoded
        return jobs.withLock { $0.firstIndex { $0.id == id } }
    }

    private func summary(_ job: Job) -> [String: Any] {
        var object = job.body
        object["jobArn"] = Self.arn(job.id)
        object["status"] = job.status
        object["submitTime"] = "2026-11-24T10:00:00.123456Z"
        object["lastModifiedTime"] = "2026-11-24T10:05:00Z"
        object["totalRecordCount"] = 1000
        return object
    }

    private func get(identifier: String) -> FakeResponse {
        guard let index = find(identifier) else {
            return .json(#"{"message":"no such job"}"#, status: 404, headers: [("X-Amzn-ErrorType", "ResourceNotFoundException")])
        }
        let job = jobs.withLock { $0[index] }
        return FakeResponse(headers: [("Content-Type", "application/json")],
                            body: Array(try! JSONSerialization.data(withJSONObject: summary(job))))
    }

    private func stop(identifier: String) -> FakeResponse {
        guard let index = find(identifier) else {
            return .json(#"{"message":"no such job"}"#, status: 404, headers: [("X-Amzn-ErrorType", "ResourceNotFoundException")])
        }
        return jobs.withLock { jobs in
            if jobs[index].status == "Stopped" {
                return .json(#"{"message":"already stopped"}"#, status: 400, headers: [("X-Amzn-ErrorType", "ConflictException")])
            }
            jobs[index].status = "Stopped"
            return .json("{}")
        }
    }

    private func list(_ query: [String: String]) -> FakeResponse {
        var selected = jobs.current
        if let name = query["nameContains"] { selected = selected.filter { ($0.body["jobName"] as? String ?? "").contains(name) } }
        if let status = query["statusEquals"] { selected = selected.filter { $0.status == status } }
        let start = query["nextToken"].flatMap { Int($0) } ?? 0
        let size = query["maxResults"].flatMap { Int($0) } ?? 1000
        let page = Array(selected.dropFirst(start).prefix(size))
        var object: [String: Any] = ["invocationJobSummaries": page.map(summary)]
        if start + size < selected.count { object["nextToken"] = String(start + size) }
        return FakeResponse(headers: [("Content-Type", "application/json")], body: Array(try! JSONSerialization.data(withJSONObject: object)))
    }
}
