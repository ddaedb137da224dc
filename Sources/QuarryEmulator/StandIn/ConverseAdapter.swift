import QuarryCore

/// The Converse request and response shapes, used for every text model when a job's
/// `modelInvocationType` is `Converse`: `modelInput` is a Converse request
/// (`{"messages":[{"role":"user","content":[{"text":…}]}],"inferenceConfig":{…}}`) and `modelOutput`
/// a Converse response (`output.message`, `stopReason`, `usage`, `metrics`).
struct ConverseAdapter: ModelAdapter {
    var family: String { "bedrock-converse" }
    var kind: ModelKind { .text }

    func matches(baseModelId: String) -> Bool { false }

    func writeModelInput(_ prompt: Prompt, params: ModelParams, into json: inout JSONWriter) {
        json.beginObject()
        if let system = params.system {
            json.key("system"); json.beginArray(); json.beginObject()
            json.key("text"); json.string(system)
            json.endObject(); json.endArray()
        }
        json.key("messages"); json.beginArray(); json.beginObject()
        json.key("role"); json.string("user")
        json.key("content"); json.beginArray(); json.beginObject()
        json.key("text"); json.string(prompt.text)
        json.endObject(); json.endArray()
        json.endObject(); json.endArray()
        json.key("inferenceConfig"); json.beginObject()
        json.key("maxTokens"); json.int(params.maxTokens)
        if let t = params.temperature { json.key("temperature"); json.double(t) }
        if let p = params.topP { json.key("topP"); json.double(p) }
        json.endObject()
        json.endObject()
    }

    func parseModelOutput(_ output: JSONValue) throws(ModelOutputError) -> ModelResponse {
        guard let content = output["output"]?["message"]?["content"], content.kind == .array else {
            throw ModelOutputError("Converse output has no output.message.content array")
        }
        let text = content.elements.compactMap { $0["text"]?.string }.joined()
        let usage = output["usage"]
        return ModelResponse(text: text, inputTokens: usage?["inputTokens"]?.int ?? 0,
                             outputTokens: usage?["outputTokens"]?.int ?? 0, stopReason: output["stopReason"]?.string)
    }

    func promptText(fromModelInput input: JSONValue) -> String? {
        guard input["toolConfig"] == nil,
              let message = input["messages"]?.elements.last(where: { $0["role"]?.string == "user" }) else { return nil }
        let texts = message["content"]?.elements.compactMap { $0["text"]?.string } ?? []
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    func writeModelOutput(_ response: ModelResponse, into json: inout JSONWriter) {
        json.beginObject()
        json.key("output"); json.beginObject()
        json.key("message"); json.beginObject()
        json.key("role"); json.string("assistant")
        json.key("content"); json.beginArray(); json.beginObject()
        json.key("text"); json.string(response.text ?? "")
        json.endObject(); json.endArray()
        json.endObject()
        json.endObject()
        json.key("stopReason"); json.string(response.stopReason ?? "end_turn")
        json.key("usage"); json.beginObject()
        json.key("inputTokens"); json.int(response.inputTokens)
        json.key("outputTokens"); json.int(response.outputTokens)
        json.key("totalTokens"); json.int(response.inputTokens + response.outputTokens)
        json.endObject()
        json.key("metrics"); json.beginObject()
        json.key("latencyMs"); json.int(200 + 10 * response.outputTokens)
        json.endObject()
        json.endObject()
    }
}
