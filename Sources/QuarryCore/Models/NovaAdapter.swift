/// Amazon Nova (Micro, Lite, Pro, Premier): the `messages-v1` InvokeModel schema.
public struct NovaAdapter: ModelAdapter {
    public init() {}
    public var family: String { "amazon-nova" }
    public var kind: ModelKind { .text }

    public func matches(baseModelId: String) -> Bool {
        baseModelId.hasPrefix("amazon.nova-") && !baseModelId.contains("embed") && !baseModelId.contains("canvas")
            && !baseModelId.contains("reel") && !baseModelId.contains("sonic")
    }

    public func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        json.beginObject()
        json.key("schemaVersion"); json.string("messages-v1")
        if let system = params.system {
            json.key("system"); json.beginArray(); json.beginObject(); json.key("text"); json.string(system); json.endObject(); json.endArray()
        }
        json.key("messages"); json.beginArray(); json.beginObject()
        json.key("role"); json.string("user")
        json.key("content"); json.beginArray(); json.beginObject()
        json.key("text")
        json.bytes.append(UInt8(ascii: "\""))
        prompt.utf8.withUnsafeBufferPointer { json.stringContents($0) }
        json.bytes.append(UInt8(ascii: "\""))
        json.endObject(); json.endArray()
        json.endObject(); json.endArray()
        json.key("inferenceConfig"); json.beginObject()
        json.key("maxTokens"); json.int(params.maxTokens)
        if let t = params.temperature { json.key("temperature"); json.double(t) }
        if let p = params.topP { json.key("topP"); json.double(p) }
        if let k = params.topK { json.key("topK"); json.int(k) }
        if !params.stopSequences.isEmpty {
            json.key("stopSequences"); json.beginArray()
            for s in params.stopSequences { json.element(); json.string(s) }
            json.endArray()
        }
        json.endObject()
        json.endObject()
    }

    public func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        guard let content = output["output"]?["message"]?["content"], content.kind == .array else {
            throw ModelOutputError("Nova output has no output.message.content array")
        }
        let text = content.elements.compactMap { $0["text"]?.string }.joined()
        let usage = output["usage"]
        return ModelResponse(text: text, inputTokens: usage?["inputTokens"]?.int ?? 0,
                             outputTokens: usage?["outputTokens"]?.int ?? 0, stopReason: output["stopReason"]?.string)
    }

    public func promptText(fromModelInput input: JSONValue) -> String? {
        guard let message = input["messages"]?.elements.last(where: { $0["role"]?.string == "user" }) else { return nil }
        let texts = message["content"]?.elements.compactMap { $0["text"]?.string } ?? []
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    public func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter) {
        json.beginObject()
        json.key("output"); json.beginObject(); json.key("message"); json.beginObject()
        json.key("role"); json.string("assistant")
        json.key("content"); json.beginArray(); json.beginObject(); json.key("text"); json.string(response.text ?? ""); json.endObject(); json.endArray()
        json.endObject(); json.endObject()
        json.key("stopReason"); json.string(response.stopReason ?? "end_turn")
        json.key("usage"); json.beginObject()
        json.key("inputTokens"); json.int(response.inputTokens)
        json.key("outputTokens"); json.int(response.outputTokens)
        json.key("totalTokens"); json.int(response.inputTokens + response.outputTokens)
        json.endObject()
        json.endObject()
    }
}
