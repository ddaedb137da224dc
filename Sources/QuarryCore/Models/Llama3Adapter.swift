import Foundation

/// Meta Llama 3.x / 4 instruct on Bedrock: a `prompt` in Llama 3's chat format, `max_gen_len`.
public struct Llama3Adapter: ModelAdapter {
    public init() {}
    public var family: String { "meta-llama3" }
    public var kind: ModelKind { .text }

    public func matches(baseModelId: String) -> Bool {
        baseModelId.hasPrefix("meta.llama3") || baseModelId.hasPrefix("meta.llama4")
    }

    static let userHeader = "<|start_header_id|>user<|end_header_id|>\n\n"
    static let endOfTurn = "<|eot_id|>"

    /// The Llama 3 chat prompt for one user message and an optional system message.
    public static func chatPrompt(user: String, system: String?) -> String {
        var p = "<|begin_of_text|>"
        if let system { p += "<|start_header_id|>system<|end_header_id|>\n\n" + system + endOfTurn }
        p += userHeader + user + endOfTurn + "<|start_header_id|>assistant<|end_header_id|>\n\n"
        return p
    }

    public func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        json.beginObject()
        json.key("prompt"); json.string(Self.chatPrompt(user: prompt.text, system: params.system))
        json.key("max_gen_len"); json.int(params.maxTokens)
        if let t = params.temperature { json.key("temperature"); json.double(t) }
        if let p = params.topP { json.key("top_p"); json.double(p) }
        json.endObject()
    }

    public func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        guard let text = output["generation"]?.string else { throw ModelOutputError("Llama output has no generation") }
        return ModelResponse(text: text, inputTokens: output["prompt_token_count"]?.int ?? 0,
                             outputTokens: output["generation_token_count"]?.int ?? 0, stopReason: output["stop_reason"]?.string)
    }

    public func promptText(fromModelInput input: JSONValue) -> String? {
        guard let prompt = input["prompt"]?.string else { return nil }
        guard let start = prompt.range(of: Self.userHeader, options: .backwards) else { return prompt }
        let rest = prompt[start.upperBound...]
        if let end = rest.range(of: Self.endOfTurn) { return String(rest[..<end.lowerBound]) }
        return String(rest)
    }

    public func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter) {
        json.beginObject()
        json.key("generation"); json.string(response.text ?? "")
        json.key("prompt_token_count"); json.int(response.inputTokens)
        json.key("generation_token_count"); json.int(response.outputTokens)
        json.key("stop_reason"); json.string(response.stopReason == "max_tokens" ? "length" : "stop")
        json.endObject()
    }
}
