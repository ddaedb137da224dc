/// What a model produces.
public enum ModelKind: String, Sendable, Codable {
    /// Text generation: the output column is `response`.
    case text
    /// Embeddings: the output column is `embedding`.
    case embedding
}

/// Inference parameters from the spec's `params:` block, in provider-neutral names.
public struct ModelParams: Sendable, Equatable, Codable {
    /// Maximum tokens to generate.
    public var maxTokens: Int = 512
    /// Sampling temperature.
    public var temperature: Double? = nil
    /// Nucleus sampling.
    public var topP: Double? = nil
    /// Top-k sampling.
    public var topK: Int? = nil
    /// Stop sequences.
    public var stopSequences: [String] = []
    /// A system prompt.
    public var system: String? = nil
    /// Embedding dimensions (Titan V2: 256, 512 or 1024).
    public var dimensions: Int? = nil
    /// Whether embeddings are normalized (Titan V2).
    public var normalize: Bool? = nil

    /// Creates parameters with the defaults.
    public init() {}
}

/// One model answer, parsed out of a provider's `modelOutput`.
public struct ModelResponse: Sendable, Equatable {
    /// Generated text (text models).
    public var text: String?
    /// The embedding as a JSON array text, kept as the provider wrote it (embedding models).
    public var embeddingJSON: [UInt8]?
    /// Number of elements in the embedding (counted when asked: the harvest never needs it).
    public var dimensions: Int { embeddingJSON.flatMap { try? JSONValue.parse(trusting: $0, in: 0..<$0.count) }?.count ?? 0 }
    /// Input tokens billed.
    public var inputTokens: Int
    /// Output tokens billed.
    public var outputTokens: Int
    /// Why generation stopped (`end_turn`, `max_tokens`, ...).
    public var stopReason: String?

    /// Creates a response.
    public init(text: String? = nil, embeddingJSON: [UInt8]? = nil,
                inputTokens: Int = 0, outputTokens: Int = 0, stopReason: String? = nil) {
        self.text = text
        self.embeddingJSON = embeddingJSON
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.stopReason = stopReason
    }
}

/// A prompt ready to send: the rendered user text, as UTF-8 bytes.
public struct Prompt: Sendable {
    /// The user message (or embedding input) as UTF-8.
    public var utf8: [UInt8]
    /// Creates a prompt from UTF-8 bytes.
    public init(utf8: [UInt8]) { self.utf8 = utf8 }
    /// Creates a prompt from text.
    public init(_ text: String) { self.utf8 = Array(text.utf8) }
    /// The prompt as text.
    public var text: String { String(decoding: utf8, as: UTF8.self) }
}

/// The codec of one model family: request body out, response in, and (for the emulator and the
/// real-time lane) the inverse directions. Adding a family is one new file conforming to this,
/// plus one line in ``ModelCatalog/families``.
public protocol ModelAdapter: Sendable {
    /// A stable family name (`anthropic-claude`, `amazon-titan-embed-v2`, ...).
    var family: String { get }
    /// Text or embedding.
    var kind: ModelKind { get }
    /// Whether a model id (without region prefix or ARN) belongs to this family.
    func matches(baseModelId: String) -> Bool
    /// Writes the InvokeModel body (Bedrock's `modelInput`) for one prompt.
    func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter)
    /// Parses a `modelOutput` (InvokeModel response body).
    func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse
    /// Checks a `modelOutput` as ``parseModelOutput(_:)`` does and returns its counts (tokens, stop
    /// reason) without the answer: what a harvest needs when the answer stays in the provider's file.
    func parseModelOutputCounts(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse
    /// Reads the prompt text back out of a `modelInput` this adapter wrote (used by the emulator).
    func promptText(fromModelInput input: JSONValue) -> String?
    /// Reads the requested embedding dimensions from a `modelInput` (embedding models; nil otherwise).
    func requestedDimensions(fromModelInput input: JSONValue) -> Int?
    /// Writes a `modelOutput` in this family's shape (used by the emulator's stand-in models).
    func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter)
}

extension ModelAdapter {
    /// Default: not an embedding model.
    public func requestedDimensions(fromModelInput input: JSONValue) -> Int? { nil }

    /// Default: the whole parse, less the answer.
    public func parseModelOutputCounts(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        var response = try parseModelOutput(output)
        response.text = nil
        response.embeddingJSON = nil
        return response
    }
}

/// A `modelOutput` that does not have the shape the model family promises.
public struct ModelOutputError: Error, Sendable, CustomStringConvertible {
    /// What was missing or malformed (never the content).
    public var reason: String
    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "unexpected model output: \(reason)" }
}
