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
        let (wordCount, opening) = Self.words(in: prompt, keeping: 8)
        let inputTokens = max(1, wordCount)
        switch adapter.kind {
        case .embedding:
            let dimensions = max(1, adapter.requestedDimensions(fromModelInput: modelInput) ?? 1024)
            return ModelResponse(embeddingJSON: Self.unitVectorJSON(seed: h.value, dimensions: dimensions),
                                 inputTokens: inputTokens, outputTokens: 0)
        case .text:
            var rng = SplitMix64(seed: h.value)
            var text = "[emulated \(baseModelId)] Re: \""
            text += opening
            text += "\" —"
            let count = 5 + Int(rng.next() % 8)
            for _ in 0..<count {
                text += " "
                text += Self.vocabulary[Int(rng.next() % UInt64(Self.vocabulary.count))]
            }
            text += "."
            let outputTokens = Self.words(in: text, keeping: 0).count
            return ModelResponse(text: text, inputTokens: inputTokens, outputTokens: outputTokens, stopReason: "end_turn")
        }
    }

    /// Counts whitespace-separated words (on bytes) and returns the first `keeping` of them joined by
    /// single spaces.
    static func words(in text: String, keeping: Int) -> (count: Int, opening: String) {
        var count = 0
        var openingEnd = 0
        var inWord = false
        var kept: [UInt8] = []
        var text = text
        text.withUTF8 { u in
            for b in u {
                let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
                if space {
                    inWord = false
                } else {
                    if !inWord {
                        count += 1
                        inWord = true
                        if count <= keeping, count > 1 { kept.append(0x20) }
                    }
                    if count <= keeping { kept.append(b) }
                }
            }
            openingEnd = kept.count
        }
        return (count, String(decoding: kept[..<openingEnd], as: UTF8.self))
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
        // At most 10 bytes a number ("-0.1234567"), a comma each, and the brackets.
        return [UInt8](unsafeUninitializedCapacity: dimensions * 11 + 2) { buffer, count in
            var p = 0
            buffer[p] = UInt8(ascii: "["); p += 1
            for i in 0..<dimensions {
                if i > 0 { buffer[p] = UInt8(ascii: ","); p += 1 }
                p = writeFixed7(values[i] / norm, into: buffer, at: p)
            }
            buffer[p] = UInt8(ascii: "]"); p += 1
            count = p
        }
    }

    /// Writes a number in [-1, 1] as `-0.1234567` (valid JSON) and returns the next position.
    @inline(__always)
    static func writeFixed7(_ v: Double, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var p = start
        let scaled = Int(abs(v) * 10_000_000 + 0.5)
        if v < 0 && scaled > 0 { buffer[p] = UInt8(ascii: "-"); p += 1 }
        buffer[p] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (scaled / 10_000_000) % 10)
        buffer[p + 1] = UInt8(ascii: ".")
        var frac = scaled % 10_000_000
        var j = p + 8
        while j > p + 1 {
            buffer[j] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: frac % 10)
            frac /= 10
            j -= 1
        }
        return p + 9
    }

    /// Appends a number in [-1, 1] as `-0.1234567`.
    static func appendFixed7(_ v: Double, to out: inout [UInt8]) {
        var tmp = [UInt8](repeating: 0, count: 10)
        let n = tmp.withUnsafeMutableBufferPointer { writeFixed7(v, into: $0, at: 0) }
        out.append(contentsOf: tmp[..<n])
    }
}
