/// Mistral on Bedrock. Text-completion models (7B, Mixtral, Small, Large 24.02) take `<s>[INST] ... [/INST]`
/// prompts and answer `outputs[]`; the chat models (Large 24.07/24.11) take `messages` and answer `choices[]`.
/// The text-completion response carries no token counts (Bedrock reports them only in the job manifest).
public struct MistralAdapter: ModelAdapter {
    public init() {}
    public var family: String { "mistral" }
    public var kind: ModelKind { .text }

    public func matches(baseModelId: String) -> Bool { baseModelId.hasPrefix("mistral.") }

    /// Whether a model id uses the chat-completion body.
    public static func usesChat(_ baseModelId: String) -> Bool {
        baseModelId.contains("large-2407") || baseModelId.contains("large-2411") || baseModelId.contains("pixtral")
    }

    public func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        writeCompletion(prompt, params: params, into: &json)
    }

    /// Writes the chat-completion body (Mistral Large 24.07 and later).
    public func writeChat(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        json.beginObject()
        json.key("messages"); json.beginArray()
        if let system = params.system {
            json.element(); json.beginObject(); json.key("role"); json.string("system"); json.key("content"); json.string(system); json.endObject()
        }
        json.element(); json.beginObject(); json.key("role"); json.string("user"); json.key("content"); json.string(prompt.text); json.endObject()
        json.endArray()
        writeSampling(params, into: &json)
        json.endObject()
    }

    func writeCompletion(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        var text = "<s>[INST] "
        if let system = params.system { text += system + "\n\n" }
        text += prompt.text + " [/INST]"
        json.beginObject()
        json.key("prompt"); json.string(text)
        writeSampling(params, into: &json)
        if !params.stopSequences.isEmpty {
            json.key("stop"); json.beginArray()
            for s in params.stopSequences { json.element(); json.string(s) }
            json.endArray()
        }
        json.endObject()
    }

    func writeSampling(_ params: ModelParams, into json: inout JSONWriter) {
        json.key("max_tokens"); json.int(params.maxTokens)
        if let t = params.temperature { json.key("temperature"); json.double(t) }
        if let p = params.topP { json.key("top_p"); json.double(p) }
        if let k = params.topK { json.key("top_k"); json.int(k) }
    }

    public func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        if let first = output["outputs"]?.elements.first {
            return ModelResponse(text: first["text"]?.string ?? "", stopReason: first["stop_reason"]?.string)
        }
        if let choice = output["choices"]?.elements.first {
            let usage = output["usage"]
            return ModelResponse(text: choice["message"]?["content"]?.string ?? "",
                                 inputTokens: usage?["prompt_tokens"]?.int ?? 0, outputTokens: usage?["completion_tokens"]?.int ?? 0,
                                 stopReason: choice["stop_reason"]?.string ?? choice["finish_reason"]?.string)
        }
        throw ModelOutputError("Mistral output has neither outputs nor choices")
    }

    public func promptText(fromModelInput input: JSONValue) -> String? {
        if let prompt = input["prompt"]?.string {
            var s = Substring(prompt)
            if s.hasPrefix("<s>[INST] ") { s = s.dropFirst(10) }
            if s.hasSuffix(" [/INST]") { s = s.dropLast(8) }
            return String(s)
        }
        return input["messages"]?.elements.last(where: { $0["role"]?.string == "user" })?["content"]?.string
    }

    public func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter) {
        json.beginObject()
        json.key("outputs"); json.beginArray(); json.beginObject()
        json.key("text"); json.string(response.text ?? "")
        json.key("stop_reason"); json.string(response.stopReason == "max_tokens" ? "length" : "stop")
        json.endObject(); json.endArray()
        json.endObject()
    }
}
