@testable import Parquet
import Testing

@Suite("Snappy copies of every offset and length")
struct SnappyCopyTests {
    /// Builds a block: a literal, then copies of every (offset, length) given, and decodes it with a
    /// byte-at-a-time reference.
    @Test("decoding matches a byte-at-a-time reference", arguments: [0, 3, 100])
    func copiesMatchReference(trailing: Int) throws {
        var rng: UInt64 = 0x1234_5678
        func next() -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) }
        var block: [UInt8] = []
        var expected: [UInt8] = []
        // Literal of 40 bytes (tag 60: one length byte follows).
        let literal = (0..<40).map { _ in UInt8(truncatingIfNeeded: next()) }
        block += [60 << 2, 39] + literal
        expected += literal
        for offset in 1...40 {
            for length in [1, 4, 5, 8, 11, 12, 15, 16, 17, 23, 31, 64] {
                if length >= 4 && length <= 11 && offset < 2048 {
                    block += [UInt8(1 | ((length - 4) << 2) | ((offset >> 8) << 5)), UInt8(offset & 0xFF)]
                } else {
                    block += [UInt8(2 | ((length - 1) << 2)), UInt8(offset & 0xFF), UInt8(offset >> 8)]
                }
                for _ in 0..<length { expected.append(expected[expected.count - offset]) }
                // A short literal between copies.
                let lit = (0..<(1 + next() % 5)).map { _ in UInt8(truncatingIfNeeded: next()) }
                block += [UInt8((lit.count - 1) << 2)] + lit
                expected += lit
            }
        }
        if trailing > 0 {
            let lit = (0..<trailing).map { _ in UInt8(truncatingIfNeeded: next()) }
            block += trailing <= 60 ? [UInt8((trailing - 1) << 2)] : [60 << 2, UInt8(trailing - 1)]
            block += lit
            expected += lit
        }
        var preamble: [UInt8] = []
        var v = expected.count
        while v >= 0x80 { preamble.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        preamble.append(UInt8(v))
        #expect(try Snappy.decompress(preamble + block, expectedLength: expected.count) == expected)
    }
}
