import AWSSigning
public import NIOCore

/// Bedrock Runtime's InvokeModel: one real-time model call (rest-json, host
/// `bedrock-runtime.{region}.amazonaws.com`, SigV4 signing name `bedrock`).
public struct BedrockRuntimeClient: Sendable {
    /// The shared HTTP layer.
    public let http: AWSHTTPClient
    /// The region.
    public let region: String
    let endpoint: AWSEndpoint
    let signing: AWSSigningContext

    /// Creates a client for `region`; `endpoints` may point service `bedrock-runtime` elsewhere.
    public init(http: AWSHTTPClient, credentials: any AWSCredentialProvider, region: String,
                endpoints: AWSEndpointResolver = AWSEndpointResolver()) throws {
        self.http = http
        self.region = region
        self.endpoint = try endpoints.endpoint(service: "bedrock-runtime", region: region)
        self.signing = AWSSigningContext(credentials: credentials, region: region, service: "bedrock")
    }

    /// The answer of InvokeModel.
    public struct InvokeModelOutput: Sendable {
        /// The model's response body (the model's own JSON format).
        public var body: ByteBuffer
        /// Its content type.
        public var contentType: String?
        /// `X-Amzn-Bedrock-Input-Token-Count`, when sent.
        public var inputTokenCount: Int?
        /// `X-Amzn-Bedrock-Output-Token-Count`, when sent.
        public var outputTokenCount: Int?
        /// The request id.
        public var requestId: String?
    }

    /// Calls a model (POST `/model/{modelId}/invoke`; the id or ARN is percent-encoded).
    ///
    /// - Parameters:
    ///   - body: The request in the model's format (`modelInput` of a batch record).
    public func invokeModel(modelId: String, body: ByteBuffer, contentType: String = "application/json",
                            accept: String = "application/json") async throws -> InvokeModelOutput {
        let request = AWSRequest(operation: "BedrockRuntime.InvokeModel", method: "POST", endpoint: endpoint,
                                 path: "/model/" + AWSPercentEncoding.encode(modelId) + "/invoke",
                                 headers: [("Content-Type", contentType), ("Accept", accept)], body: body)
        let response = try await http.execute(request, signing: signing)
        return InvokeModelOutput(body: response.body, contentType: response.header("Content-Type"),
                                 inputTokenCount: response.header("X-Amzn-Bedrock-Input-Token-Count").flatMap { Int($0) },
                                 outputTokenCount: response.header("X-Amzn-Bedrock-Output-Token-Count").flatMap { Int($0) },
                                 requestId: response.requestId)
    }

    /// ``invokeModel(modelId:body:contentType:accept:)`` with the body as bytes.
    public func invokeModel(modelId: String, body: [UInt8]) async throws -> InvokeModelOutput {
        try await invokeModel(modelId: modelId, body: ByteBuffer(bytes: body))
    }
}
