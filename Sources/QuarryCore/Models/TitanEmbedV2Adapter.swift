/// Amazon Titan Text Embeddings V2 (`amazon.titan-embed-text-v2:0`): `inputText`, `dimensions`, `normalize`.
public struct TitanEmbedV2Adapter: ModelAdapter {
    public init() {}
    public var family: String { "amazon-titan-embed-text-v2" }
    public var kind: ModelKind { .embedding }

    /// Dimensions Titan V2 accepts.
    public static let allowedDimensions = [256, 512, 1024]

    public func matches(baseModelId: String) -> Bool { baseModelId.hasPrefix("amazon.titan-embed-text-v2") }

    public func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        json.beginObject()
        json.key("inputText")
        json.bytes.append(UInt8(ascii: "\""))
        prompt.utf8.withUnsafeBufferPointer { json.stringContents($0) }
        json.bytes.append(UInt8(ascii: "\""))
        if let d = params.dimensions { json.key("dimensions"); json.int(d) }
        if let n = params.normalize { json.key("normalize"); json.bool(n) }
        json.endObject()
    }

    public func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        var vector: JSONValue?
        var tokens: Int?
        output.forEachMember { key, value in
            if key == "embedding", value.kind == .array { vector = value }
            if key == "embeddingsByType", vector == nil, let f = value["float"], f.kind == .array { vector = f }
            if key == "inputTextTokenCount" { tokens = value.int }
            return vector == nil || tokens == nil
        }
        guard let vector else { throw ModelOutputError("Titan output has no embedding array") }
        return ModelResponse(embeddingJSON: Array(vector.rawBytes), inputTokens: tokens ?? 0, outputTokens: 0)
    }

    public func promptText(fromModelInput input: JSONValue) -> String? { input["inputText"]?.string }

    public func requestedDimensions(fromModelInput input: JSONValue) -> Int? { input["dimensions"]?.int ?? 1024 }

    public func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter) {
        let vector = response.embeddingJSON ?? Array("[]".utf8)
        json.beginObject()
        json.key("embedding"); json.raw(vector)
        json.key("inputTextTokenCount"); json.int(response.inputTokens)
        json.key("embeddingsByType"); json.beginObject(); json.key("float"); json.raw(vector); json.endObject()
        json.endObject()
    }
}
