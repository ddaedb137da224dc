import Foundation
import Testing
@testable import QuarryCore

@Suite struct ModelAdapterTests {
    static let ids = [
        ("anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic-claude"),
        ("us.anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic-claude"),
        ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic-claude"),
        ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "anthropic-claude"),
        ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0", "amazon-nova"),
        ("amazon.titan-embed-text-v2:0", "amazon-titan-embed-text-v2"),
        ("apac.amazon.nova-micro-v1:0", "amazon-nova"),
        ("meta.llama3-1-70b-instruct-v1:0", "meta-llama3"),
        ("us.meta.llama3-3-70b-instruct-v1:0", "meta-llama3"),
        ("mistral.mistral-large-2402-v1:0", "mistral"),
    ]

    @Test(arguments: ids)
    func modelIdsResolveWithPrefixesAndARNs(_ id: String, _ family: String) throws {
        #expect(try ModelCatalog.resolve(id).adapter.family == family)
    }

    @Test func unknownModelsListTheFamilies() {
        do {
            _ = try ModelCatalog.resolve("cohere.embed-english-v3")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("Supported families"))
            #expect(error.description.contains("amazon.titan-embed-text-v2:0"))
        }
    }

    static let prompt = "Line one\nwith \"quotes\", tabs\t and émojis 🎉"

    @Test(arguments: ModelCatalog.families.map { $0.family })
    func requestAndResponseRoundTrip(_ family: String) throws {
        let adapter = ModelCatalog.families.first { $0.family == family }!
        var params = ModelParams()
        params.maxTokens = 77
        params.system = "Be brief."
        params.temperature = 0.2
        var w = JSONWriter()
        adapter.writeModelInput(Prompt(Self.prompt), params: params, into: &w)
        // A real JSON document that Foundation can read.
        let object = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any]
        #expect(object != nil)
        let input = try JSONValue.parse(w.bytes)
        // Families without a system role (Mistral's completion format) fold the system text into the prompt.
        let recovered = adapter.promptText(fromModelInput: input)
        #expect(recovered == Self.prompt || (family == "mistral" && recovered == "Be brief.\n\n" + Self.prompt))

        var out = JSONWriter()
        let response: ModelResponse
        if adapter.kind == .embedding {
            response = ModelResponse(embeddingJSON: Array("[0.6,-0.8]".utf8), inputTokens: 9)
        } else {
            response = ModelResponse(text: "An answer, \"quoted\".", inputTokens: 12, outputTokens: 5, stopReason: "end_turn")
        }
        adapter.writeModelOutput(response, into: &out)
        let parsed = try adapter.parseModelOutput(try JSONValue.parse(out.bytes))
        // The harvest's counts-only parse agrees, without the answer.
        let counts = try adapter.parseModelOutputCounts(try JSONValue.parse(out.bytes))
        #expect(counts.text == nil && counts.embeddingJSON == nil)
        #expect(counts.inputTokens == parsed.inputTokens && counts.outputTokens == parsed.outputTokens && counts.stopReason == parsed.stopReason)
        #expect(parsed.text == response.text)
        #expect(parsed.embeddingJSON == response.embeddingJSON)
        if adapter.kind == .embedding { #expect(parsed.dimensions == 2) }
        if family != "mistral" {
            #expect(parsed.inputTokens == response.inputTokens)
            #expect(parsed.outputTokens == response.outputTokens)
        }
    }

    @Test func claudeBodyHasBedrockShape() throws {
        var w = JSONWriter()
        var params = ModelParams()
        params.maxTokens = 256
        params.stopSequences = ["END"]
        ClaudeMessagesAdapter().writeModelInput(Prompt("hi"), params: params, into: &w)
        let o = try JSONSerialization.jsonObject(with: Data(w.bytes)) as! [String: Any]
        #expect(o["anthropic_version"] as? String == "bedrock-2023-05-31")
        #expect(o["max_tokens"] as? Int == 256)
        #expect(o["model"] == nil)
        #expect(o["stop_sequences"] as? [String] == ["END"])
        let content = ((o["messages"] as! [[String: Any]])[0]["content"] as! [[String: Any]])[0]
        #expect(content["type"] as? String == "text" && content["text"] as? String == "hi")
    }

    @Test func parsesRealProviderOutputs() throws {
        let claude = try ClaudeMessagesAdapter().parseModelOutput(try JSONValue.parse(#"{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"Hello"},{"type":"text","text":" world"}],"stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":123,"output_tokens":45,"cache_read_input_tokens":0}}"#))
        #expect(claude.text == "Hello world" && claude.inputTokens == 123 && claude.outputTokens == 45 && claude.stopReason == "max_tokens")
        let titan = try TitanEmbedV2Adapter().parseModelOutput(try JSONValue.parse(#"{"embedding":[0.1,-0.2,0.3],"inputTextTokenCount":7,"embeddingsByType":{"float":[0.1,-0.2,0.3]}}"#))
        #expect(titan.dimensions == 3 && titan.inputTokens == 7 && titan.outputTokens == 0)
        let nova = try NovaAdapter().parseModelOutput(try JSONValue.parse(#"{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn","usage":{"inputTokens":42,"outputTokens":128,"totalTokens":170}}"#))
        #expect(nova.text == "ok" && nova.outputTokens == 128)
        let llama = try Llama3Adapter().parseModelOutput(try JSONValue.parse(#"{"generation":"yes","prompt_token_count":27,"generation_token_count":112,"stop_reason":"length"}"#))
        #expect(llama.text == "yes" && llama.inputTokens == 27 && llama.stopReason == "length")
        let mistral = try MistralAdapter().parseModelOutput(try JSONValue.parse(#"{"outputs":[{"text":"bien","stop_reason":"stop"}]}"#))
        #expect(mistral.text == "bien")
        #expect(throws: ModelOutputError.self) { try ClaudeMessagesAdapter().parseModelOutput(try JSONValue.parse(#"{"nope":1}"#)) }
        #expect(throws: ModelOutputError.self) { try ClaudeMessagesAdapter().parseModelOutputCounts(try JSONValue.parse(#"{"content":"x"}"#)) }
        // Only text blocks are joined; a key written with escapes still matches; no text block is "".
        let mixed = try ClaudeMessagesAdapter().parseModelOutput(try JSONValue.parse(
            #"{"content":[{"type":"tool_use","text":"no"},{"t\u0079pe":"text","text":"a"},{"text":"b","type":"te\u0078t"}],"usage":{"input_tokens":-1}}"#))
        #expect(mixed.text == "ab" && mixed.inputTokens == -1)
        #expect(try ClaudeMessagesAdapter().parseModelOutput(try JSONValue.parse(#"{"content":[]}"#)).text == "")
    }

    @Test func llamaPromptUsesTheChatFormat() {
        let p = Llama3Adapter.chatPrompt(user: "What can you do?", system: "You are kind.")
        #expect(p == "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are kind.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat can you do?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
    }

    @Test func batchCostIsHalfOnDemand() throws {
        let cost = try #require(PriceTable.shipped.batchCost(baseModel: "anthropic.claude-3-5-haiku-20241022-v1:0", inputTokens: 1_000_000, outputTokens: 1_000_000))
        #expect(abs(cost - 2.40) < 1e-9)
        #expect(PriceTable.shipped.batchCost(baseModel: "unknown.model", inputTokens: 1, outputTokens: 1) == nil)
    }
}
