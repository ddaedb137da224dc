import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuarryEmulator

/// Bedrock control plane and Bedrock Runtime (rest-json, SigV4 service `bedrock`).
extension EmulatorHandler {
    /// The Bedrock operations the server routes.
    enum BedrockOperation: Sendable {
        case createJob
        case getJob(identifier: String)
        case listJobs
        case stopJob(identifier: String)
        case invokeModel(modelId: String)
    }

    /// A rest-json error: status, `X-Amzn-ErrorType` and `{"message": ...}`.
    struct BedrockFailure: Error {
        var code: String
        var status: Int
        var message: String

        init(_ code: String, _ status: Int, _ message: String) {
            self.code = code
            self.status = status
            self.message = message
        }

        init(_ error: EmulatorError) {
            self.init(error.code.name, error.httpStatus, error.message)
        }
    }

    func handleBedrock(_ request: Request, _ operation: BedrockOperation) async -> Response {
        let requestId = UUID().uuidString.lowercased()
        do {
            let body = try await Self.collect(request, limit: configuration.maxDocumentBytes)
            let incoming = SigV4Verifier.IncomingRequest(request)
            do {
                _ = try verifier.verify(incoming, service: "bedrock", bodySHA256: { sha256Hex(body) }, now: now())
            } catch {
                logger.info("Bedrock request refused", metadata: ["aws.request_id": "\(requestId)", "auth.failure": "\(error.kind)"])
                throw Self.bedrockFailure(for: error, now: now())
            }
            var response = try await perform(operation, request: request, body: body)
            response.headers[Self.field("x-amzn-RequestId")] = requestId
            return response
        } catch let failure as BedrockFailure {
            return Self.bedrockErrorResponse(failure, requestId: requestId)
        } catch is BodyTooLarge {
            return Self.bedrockErrorResponse(BedrockFailure("ValidationException", 400, "The request body is too large."), requestId: requestId)
        } catch {
            logger.warning("Bedrock request failed", metadata: ["aws.request_id": "\(requestId)", "error.type": "\(type(of: error))"])
            return Self.bedrockErrorResponse(BedrockFailure("InternalServerException", 500, "The emulator failed to handle the request."),
                                             requestId: requestId)
        }
    }

    private func perform(_ operation: BedrockOperation, request: Request, body: [UInt8]) async throws -> Response {
        let emulator = self.emulator
        switch operation {
        case .createJob:
            let job: CreateModelInvocationJobRequest
            do {
                job = try BedrockJSON.decoder().decode(CreateModelInvocationJobRequest.self, from: Data(body))
            } catch {
                throw BedrockFailure("ValidationException", 400, "The request body is not a valid CreateModelInvocationJob request: "
                    + Self.describe(error))
            }
            let arn = try await run { () throws(EmulatorError) -> String in try emulator.createModelInvocationJob(job) }
            return try Self.json(CreateModelInvocationJobResponse(jobArn: arn))
        case .getJob(let identifier):
            let job = try await run { () throws(EmulatorError) -> ModelInvocationJob in
                try emulator.getModelInvocationJob(identifier: identifier)
            }
            return try Self.json(job)
        case .listJobs:
            let target = RawTarget(request.head.path ?? "/")
            let query = try ListQuery(target)
            let page = try await run { () throws(EmulatorError) -> ListModelInvocationJobsResponse in
                let r = try emulator.listModelInvocationJobs(
                    nameContains: query.nameContains, statusEquals: query.statusEquals, maxResults: query.maxResults,
                    nextToken: query.nextToken, submitTimeAfter: query.submitTimeAfter, submitTimeBefore: query.submitTimeBefore,
                    sortOrder: query.sortOrder)
                return ListModelInvocationJobsResponse(invocationJobSummaries: r.summaries, nextToken: r.nextToken)
            }
            return try Self.json(page)
        case .stopJob(let identifier):
            try await run { () throws(EmulatorError) in try emulator.stopModelInvocationJob(identifier: identifier) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
        case .invokeModel(let modelId):
            let output = try await run { () throws(EmulatorError) -> [UInt8] in try emulator.invokeModel(modelId: modelId, body: body) }
            var headers: HTTPFields = [.contentType: "application/json"]
            if let usage = Self.tokenCounts(output) {
                headers[Self.field("X-Amzn-Bedrock-Input-Token-Count")] = String(usage.input)
                headers[Self.field("X-Amzn-Bedrock-Output-Token-Count")] = String(usage.output)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: output)))
        }
    }

    /// Runs an emulator call off the cooperative pool, turning its errors into rest-json failures.
    private func run<T: Sendable>(_ work: @escaping @Sendable () throws(EmulatorError) -> T) async throws(BedrockFailure) -> T {
        do {
            return try await Self.offload(work)
        } catch {
            throw BedrockFailure(error)
        }
    }

    /// `ListModelInvocationJobs` query parameters.
    struct ListQuery {
        var nameContains: String?
        var statusEquals: ModelInvocationJobStatus?
        var maxResults: Int?
        var nextToken: String?
        var submitTimeAfter: Date?
        var submitTimeBefore: Date?
        var sortOrder: ModelInvocationJobSortOrder = .descending

        init(_ target: RawTarget) throws(BedrockFailure) {
            nameContains = target.parameter("nameContains")
            nextToken = target.parameter("nextToken")
            if let s = target.parameter("statusEquals") {
                guard let status = ModelInvocationJobStatus(rawValue: s) else {
                    throw BedrockFailure("ValidationException", 400, "1 validation error detected: Value '\(s)' at 'statusEquals' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [\(ModelInvocationJobStatus.allCases.map(\.rawValue).joined(separator: ", "))]")
                }
                statusEquals = status
            }
            if let s = target.parameter("maxResults") {
                guard let n = Int(s) else { throw BedrockFailure("ValidationException", 400, "maxResults must be an integer between 1 and 1000.") }
                maxResults = n
            }
            for (name, keyPath) in [("submitTimeAfter", \ListQuery.submitTimeAfter), ("submitTimeBefore", \ListQuery.submitTimeBefore)] {
                if let s = target.parameter(name) {
                    guard let date = BedrockJSON.parseTimestamp(s) ?? Double(s).map({ Date(timeIntervalSince1970: $0) }) else {
                        throw BedrockFailure("ValidationException", 400, "\(name) must be an ISO 8601 timestamp such as 2026-01-01T00:00:00Z.")
                    }
                    self[keyPath: keyPath] = date
                }
            }
            if let s = target.parameter("sortOrder") {
                guard let order = ModelInvocationJobSortOrder(rawValue: s) else {
                    throw BedrockFailure("ValidationException", 400, "sortOrder must be Ascending or Descending.")
                }
                sortOrder = order
            }
            if let s = target.parameter("sortBy"), s != "CreationTime" {
                throw BedrockFailure("ValidationException", 400, "sortBy must be CreationTime.")
            }
        }
    }

    // MARK: Responses

    static func json(_ value: some Encodable) throws -> Response {
        let data = try BedrockJSON.encoder().encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func bedrockErrorResponse(_ failure: BedrockFailure, requestId: String) -> Response {
        var body: [String: String] = ["message": failure.message]
        body["Message"] = nil
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        return Response(status: .init(code: failure.status),
                        headers: [.contentType: "application/json", field("X-Amzn-ErrorType"): failure.code,
                                  field("x-amzn-RequestId"): requestId],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func bedrockFailure(for failure: AuthFailure, now: Date) -> BedrockFailure {
        switch failure.kind {
        case .missing: BedrockFailure("MissingAuthenticationTokenException", 403, "Missing Authentication Token")
        case .malformed: BedrockFailure("IncompleteSignatureException", 400, failure.message)
        case .unknownAccessKey: BedrockFailure("UnrecognizedClientException", 403, "The security token included in the request is invalid.")
        case .signatureMismatch: BedrockFailure("InvalidSignatureException", 403, SigV4Verifier.mismatchMessage)
        case .skewed: BedrockFailure("InvalidSignatureException", 403, "Signature expired: " + failure.message)
        case .expired: BedrockFailure("InvalidSignatureException", 403, "Signature expired: the presigned request has expired.")
        case .unsupported: BedrockFailure("ValidationException", 400, failure.message)
        }
    }

    /// Token counts from the model's `usage` (Claude, Nova) or Titan's `inputTextTokenCount`.
    static func tokenCounts(_ output: [UInt8]) -> (input: Int, output: Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output)) as? [String: Any] else { return nil }
        if let usage = object["usage"] as? [String: Any] {
            let input = (usage["input_tokens"] ?? usage["inputTokens"] ?? usage["prompt_tokens"]) as? Int
            let out = (usage["output_tokens"] ?? usage["outputTokens"] ?? usage["completion_tokens"]) as? Int
            if let input { return (input, out ?? 0) }
        }
        if let input = object["inputTextTokenCount"] as? Int { return (input, 0) }
        if let input = object["prompt_token_count"] as? Int { return (input, object["generation_token_count"] as? Int ?? 0) }
        return nil
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the member \(key.stringValue) is missing."
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "the member \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type."
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "it is not JSON." : "the member \(context.codingPath.map(\.stringValue).joined(separator: ".")) is malformed."
        default: "it could not be read."
        }
    }
}
