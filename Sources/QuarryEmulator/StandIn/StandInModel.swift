import QuarryCore

/// A deterministic stand-in for a model that says it is emulated.
///
/// Text models answer `[emulated <model>] Re: "<first words of the prompt>" — <words chosen by a
/// hash of the prompt>.`; tokens are counted as words. Embedding models answer a unit vector of the
/// requested dimensions (default 1024) seeded by a hash of the prompt.
struct StandInModel: Sendable {
    let baseModelId: String
    let adapter: any ModelAdapter

    static let vocabulary = [
        "amber", "basalt", "cedar", "delta", "ember", "fjord", "granite", "harbor", "iris", "juniper",
        "kelp", "lumen", "meadow", "nimbus", "onyx", "prairie", "quartz", "river", "sierra", "tundra",
        "umber", "valley", "willow", "xenon", "yarrow", "zephyr", "answer", "likely", "because", "therefore",
        "indeed", "overall",
    ]

    /// The answer to one prompt, as the model family's adapter expects it.
    func respond(prompt: String, modelInput: JSONValue) -> ModelResponse {
        var h = StableHash(seed: 0x51_7a_4e)
        h.combine(baseModelId)
        h.combine(prompt)
        let promptWords = prompt.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let inputTokens = max(1, promptWords.count)
        switch adapter.kind {
        case .embedding:
            let dimensions = max(1, adapter.requestedDimensions(fromModelInput: modelInput) ?? 1024)
            return ModelResponse(embeddingJSON: Self.unitVectorJSON(seed: h.value, dimensions: dimensions),
                                 dimensions: dimensions, inputTokens: inputTokens, outputTokens: 0)
        case .text:
            var rng = SplitMix64(seed: h.value)
            var text = "[emulated \(baseModelId)] Re: \""
            text += promptWords.prefix(8).joined(separator: " ")
            text += "\" —"
            let count = 5 + Int(rng.next() % 8)
            for _ in 0..<count {
                text += " " + Self.vocabulary[Int(rng.next() % UInt64(Self.vocabulary.count))]
            }
            text += "."
            let outputTokens = text.split(separator: " ").count
            return ModelResponse(text: text, inputTokens: inputTokens, outputTokens: outputTokens, stopReason: "end_turn")
        }
    }

    /// A JSON array of `dimensions` numbers forming a unit vector, 7 decimals each.
    static func unitVectorJSON(seed: UInt64, dimensions: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var values = [Double](repeating: 0, count: dimensions)
        var norm = 0.0
        for i in 0..<dimensions {
            let v = rng.nextUnit() * 2 - 1
            values[i] = v
            norm += v * v
        }
        norm = norm > 0 ? norm.squareRoot() : 1
        var out: [UInt8] = []
        out.reserveCapacity(dimensions * 11 + 2)
        out.append(UInt8(ascii: "["))
        for i in 0..<dimensions {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendFixed7(values[i] / norm, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// Writes a number in [-1, 1] as `-0.1234567` (fast; valid JSON).
    static func appendFixed7(_ v: Double, to out: inout [UInt8]) {
        let scaled = Int((abs(v) * 10_000_000).rounded())
        if v < 0 && scaled > 0 { out.append(UInt8(ascii: "-")) }
        let whole = scaled / 10_000_000
        var frac = scaled % 10_000_000
        out.append(UInt8(ascii: "0") + UInt8(whole % 10))
        out.append(UInt8(ascii: "."))
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 7)
        for j in stride(from: 6, through: 0, by: -1) {
            digits[j] = UInt8(ascii: "0") + UInt8(frac % 10)
            frac /= 10
        }
        out.append(contentsOf: digits)
    }
}
