/// A model id resolved to its family adapter.
public struct ResolvedModel: Sendable {
    /// The id as the user wrote it (sent to the provider unchanged).
    public var modelId: String
    /// The foundation-model id without inference-profile prefix or ARN (`anthropic.claude-3-5-haiku-20241022-v1:0`).
    public var baseModelId: String
    /// The cross-region inference-profile prefix (`us`, `eu`, `apac`, `global`), if any.
    public var profilePrefix: String?
    /// The family codec.
    public var adapter: any ModelAdapter
}

/// The supported model families and model-id resolution.
public enum ModelCatalog {
    /// Every supported family, in the order they are tried.
    public static let families: [any ModelAdapter] = [
        ClaudeMessagesAdapter(),
        TitanEmbedV2Adapter(),
        NovaAdapter(),
        Llama3Adapter(),
        MistralAdapter(),
    ]

    /// Inference-profile prefixes that may precede a foundation-model id.
    public static let profilePrefixes = ["us", "eu", "apac", "global", "us-gov", "ca", "jp", "au"]

    /// Resolves a model id, an inference-profile id (`us.anthropic...`) or an ARN
    /// (`arn:aws:bedrock:us-east-1::foundation-model/...`, `.../inference-profile/us.anthropic...`).
    public static func resolve(_ modelId: String) throws(UnknownModelError) -> ResolvedModel {
        var id = modelId.trimmingWhitespace
        if id.hasPrefix("arn:"), let slash = id.lastIndex(of: "/") {
            id = String(id[id.index(after: slash)...])
        }
        var prefix: String?
        if let dot = id.firstIndex(of: "."), profilePrefixes.contains(String(id[..<dot])) {
            prefix = String(id[..<dot])
            id = String(id[id.index(after: dot)...])
        }
        for adapter in families where adapter.matches(baseModelId: id) {
            return ResolvedModel(modelId: modelId, baseModelId: id, profilePrefix: prefix, adapter: adapter)
        }
        throw UnknownModelError(modelId: modelId)
    }
}

/// A model id no family recognises.
public struct UnknownModelError: Error, Sendable, CustomStringConvertible {
    /// The id that was given.
    public var modelId: String
    public var description: String {
        "unknown model '\(modelId)'. Supported families: Anthropic Claude (anthropic.claude-*), "
            + "Amazon Titan Text Embeddings V2 (amazon.titan-embed-text-v2:0), Amazon Nova (amazon.nova-*), "
            + "Meta Llama 3 instruct (meta.llama3-*), Mistral (mistral.*); inference-profile prefixes "
            + "(us., eu., apac., global.) and ARNs are accepted."
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    package var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
