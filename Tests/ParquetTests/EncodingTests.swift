@testable import Parquet
import Testing

@Suite("Level and value encodings")
struct EncodingTests {
    func decodeHybrid(_ bytes: [UInt8], width: Int, count: Int) throws -> [UInt32] {
        var out = [UInt32](repeating: 0, count: count)
        try bytes.withUnsafeBytes { buf in
            var d = try RLEHybridDecoder(buf, bitWidth: width)
            try out.withUnsafeMutableBufferPointer { try d.decode(into: $0.baseAddress!, count: count) }
        }
        return out
    }

    @Test("RLE/bit-packed hybrid known answers from the fact sheet")
    func hybridKnown() throws {
        #expect(try decodeHybrid([0x03, 0x1F, 0x03], width: 2, count: 5) == [3, 3, 1, 0, 3])
        #expect(try decodeHybrid([0xD6, 0x0F, 0x01], width: 1, count: 1003) == Array(repeating: 1, count: 1003))
        #expect(try decodeHybrid([0x03, 0x88, 0xC6, 0xFA], width: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(try decodeHybrid([0x03, 0x0D], width: 1, count: 4) == [1, 0, 1, 1])
        #expect(try decodeHybrid([0x28, 0x00], width: 0, count: 20) == Array(repeating: 0, count: 20))
        #expect(throws: ParquetError.self) { try decodeHybrid([0x03, 0x0D], width: 1, count: 9) }
        #expect(throws: ParquetError.self) { try decodeHybrid([0x06], width: 2, count: 3) }
    }

    @Test("hybrid encoder round trips runs and noise at every width", arguments: [1, 2, 3, 5, 8, 13, 20, 32])
    func hybridRoundTrip(width: Int) throws {
        var r = SampleData.RNG(state: UInt64(width))
        let maxV = width == 64 ? UInt64.max : (UInt64(1) << UInt64(width)) - 1
        var values: [UInt64] = []
        for _ in 0..<40 {
            let v = r.next() & maxV
            let n = Int(r.next() % 30) + 1
            if r.chance(0.5) { values += Array(repeating: v, count: n) } else { values += (0..<n).map { _ in r.next() & maxV } }
        }
        var enc = RLEHybridEncoder(bitWidth: width)
        for v in values { enc.append(v) }
        let bytes = enc.finish()
        #expect(try decodeHybrid(bytes, width: width, count: values.count).map(UInt64.init) == values)
    }

    @Test("DELTA_BINARY_PACKED known answer and round trip with extremes")
    func deltaBinaryPacked() throws {
        let known: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0]
        var out: [Int64] = []
        let used = try known.withUnsafeBytes { try DeltaBinaryPacked.decode($0, maxCount: 8, into: &out) }
        #expect(out == [7, 5, 3, 1, 2, 3, 4, 5])
        #expect(used == known.count)
        var r = SampleData.RNG(state: 9)
        for n in [0, 1, 2, 127, 128, 129, 1000] {
            let values: [Int64] = (0..<n).map { i in i % 97 == 0 ? (r.chance(0.5) ? .min : .max) : r.int(-1000...1000) }
            var enc: [UInt8] = []
            values.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &enc) }
            var dec: [Int64] = []
            let used = try enc.withUnsafeBytes { try DeltaBinaryPacked.decode($0, maxCount: n, into: &dec) }
            #expect(dec == values)
            #expect(used == enc.count)
        }
        #expect(throws: ParquetError.self) { try known.withUnsafeBytes { try DeltaBinaryPacked.decode($0, maxCount: 7, into: &out) } }
    }

    @Test("dictionary indices with bit width 0 and the legacy PLAIN_DICTIONARY encoding")
    func dictionaryWidthZero() throws {
        var dict = ValueBuffers(type: .byteArray, width: 0)
        let entry: [UInt8] = [4, 0, 0, 0] + Array("same".utf8)
        try entry.withUnsafeBytes { try dict.decodePlain($0, count: 1) }
        var values = ValueBuffers(type: .byteArray, width: 0)
        let page: [UInt8] = [0x00, 0x28]  // width 0, RLE run of 20 (no value bytes)
        try page.withUnsafeBytes { try values.decode(.plainDictionary, $0, count: 20, dictionary: dict) }
        #expect(values.offsets.count == 21 && values.bytes == Array(repeating: Array("same".utf8), count: 20).flatMap { $0 })
        var bad = ValueBuffers(type: .byteArray, width: 0)
        let outOfRange: [UInt8] = [0x01, 0x02, 0x01]  // index 1 in a 1-entry dictionary
        #expect(throws: ParquetError.self) { try outOfRange.withUnsafeBytes { try bad.decode(.rleDictionary, $0, count: 1, dictionary: dict) } }
    }

    @Test("legacy BIT_PACKED levels are MSB first")
    func legacyBitPacked() throws {
        var levels: [UInt8] = []
        let bytes: [UInt8] = [0x05, 0x39, 0x77]
        _ = try bytes.withUnsafeBytes { try ColumnChunkDecoder.readV1Levels($0, from: 0, encoding: .bitPacked, maxLevel: 7, count: 8, into: &levels) }
        #expect(levels == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test("BYTE_STREAM_SPLIT and DELTA_BYTE_ARRAY decode")
    func byteStreamSplitAndDeltaByteArray() throws {
        var v = ValueBuffers(type: .float, width: 0)
        let floats: [Float] = [1.5, -2, 3.25]
        let raw = floats.withUnsafeBytes { Array($0) }
        var split = [UInt8](repeating: 0, count: 12)
        for i in 0..<3 { for j in 0..<4 { split[j * 3 + i] = raw[i * 4 + j] } }
        try split.withUnsafeBytes { try v.decode(.byteStreamSplit, $0, count: 3, dictionary: nil) }
        #expect(v.f32 == floats)

        // "axis","axle","babble","babyhood": prefixes 0,2,0,3; suffixes "axis","le","babble","yhood".
        var prefix: [UInt8] = [], lengths: [UInt8] = []
        [Int64(0), 2, 0, 3].withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &prefix) }
        [Int64(4), 2, 6, 5].withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &lengths) }
        let page = prefix + lengths + Array("axislebabbleyhood".utf8)
        var b = ValueBuffers(type: .byteArray, width: 0)
        try page.withUnsafeBytes { try b.decode(.deltaByteArray, $0, count: 4, dictionary: nil) }
        guard case .byteArray(let a) = b.finish() else { Issue.record("expected byte arrays"); return }
        #expect((0..<a.count).map { a.string(at: $0) } == ["axis", "axle", "babble", "babyhood"])
    }
}
