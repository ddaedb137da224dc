/// Anthropic Claude on Bedrock: the Messages API body (`anthropic_version: bedrock-2023-05-31`).
public struct ClaudeMessagesAdapter: ModelAdapter {
    public init() {}
    public var family: String { "anthropic-claude" }
    public var kind: ModelKind { .text }

    public func matches(baseModelId: String) -> Bool { baseModelId.hasPrefix("anthropic.claude") }

    public func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        json.beginObject()
        json.key("anthropic_version"); json.string("bedrock-2023-05-31")
        json.key("max_tokens"); json.int(params.maxTokens)
        if let system = params.system { json.key("system"); json.string(system) }
        json.key("messages")
        json.beginArray()
        json.beginObject()
        json.key("role"); json.string("user")
        json.key("content")
        json.beginArray()
        json.beginObject()
        json.key("type"); json.string("text")
        json.key("text")
        json.bytes.append(UInt8(ascii: "\""))
        prompt.utf8.withUnsafeBufferPointer { json.stringContents($0) }
        json.bytes.append(UInt8(ascii: "\""))
        json.endObject()
        json.endArray()
        json.endObject()
        json.endArray()
        if let t = params.temperature { json.key("temperature"); json.double(t) }
        if let p = params.topP { json.key("top_p"); json.double(p) }
        if let k = params.topK { json.key("top_k"); json.int(k) }
        if !params.stopSequences.isEmpty {
            json.key("stop_sequences")
            json.beginArray()
            for s in params.stopSequences { json.element(); json.string(s) }
            json.endArray()
        }
        json.endObject()
    }

    public func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        try parse(output, text: true)
    }

    public func parseModelOutputCounts(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        try parse(output, text: false)
    }

    /// One pass over the output's members; the text blocks of `content` are joined when `text`.
    private func parse(_ output: JSONValue, text wantText: Bool) throws(ModelOutputError) -> ModelResponse {
        var content = false
        var response = ModelResponse()
        output.forEachMemberKey { key, value in
            switch key {
            case "content":
                guard value.kind == .array else { break }
                content = true
                guard wantText else { break }
                var joined: String?
                value.forEachElement { block in
                    var isText = false
                    var part: JSONValue?
                    block.forEachMemberKey { k, v in
                        if k == "type" { isText = v.isString("text") }
                        if k == "text" { part = v }
                        return true
                    }
                    if isText {
                        let s = part?.string ?? ""
                        if joined == nil { joined = s } else { joined! += s }
                    }
                    return true
                }
                response.text = joined ?? ""
            case "stop_reason": response.stopReason = value.string
            case "usage":
                value.forEachMemberKey { k, v in
                    if k == "input_tokens" { response.inputTokens = v.int ?? 0 }
                    if k == "output_tokens" { response.outputTokens = v.int ?? 0 }
                    return true
                }
            default: break
            }
            return true
        }
        guard content else { throw ModelOutputError("Claude output has no content array") }
        return response
    }

    public func promptText(fromModelInput input: JSONValue) -> String? {
        guard let message = input["messages"]?.elements.last(where: { $0["role"]?.string == "user" }),
              let content = message["content"] else { return nil }
        if let s = content.string { return s }
        let texts = content.elements.compactMap { $0["type"]?.string == "text" ? $0["text"]?.string : nil }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    public func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.string("msg_emulated")
        json.key("type"); json.string("message")
        json.key("role"); json.string("assistant")
        json.key("model"); json.string("emulated")
        json.key("content"); json.beginArray(); json.beginObject()
        json.key("type"); json.string("text")
        json.key("text"); json.string(response.text ?? "")
        json.endObject(); json.endArray()
        json.key("stop_reason"); json.string(response.stopReason ?? "end_turn")
        json.key("stop_sequence"); json.null()
        json.key("usage"); json.beginObject()
        json.key("input_tokens"); json.int(response.inputTokens)
        json.key("output_tokens"); json.int(response.outputTokens)
        json.endObject()
        json.endObject()
    }
}
