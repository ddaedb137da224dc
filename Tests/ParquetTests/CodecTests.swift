@testable import Parquet
import Testing

@Suite("Snappy and run-time codecs")
struct CodecTests {
    @Test("decodes the fact sheet's Snappy dictionary page")
    func knownSnappy() throws {
        let block: [UInt8] = [0x18, 0x04, 0x01, 0x00, 0x09, 0x01, 0x3C, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]
        let out = try Snappy.decompress(block, expectedLength: 24)
        #expect(out == [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0])
    }

    static func sample(_ kind: Int, _ n: Int) -> [UInt8] {
        var r = SampleData.RNG(state: UInt64(kind * 1000 + n))
        switch kind {
        case 0: return (0..<n).map { _ in UInt8(r.next() & 0xFF) }
        case 1: return (0..<n).map { UInt8($0 % 7) }
        case 2: return Array((0..<n).flatMap { i in Array("row \(i % 50) text ".utf8) }.prefix(n))
        default: return [UInt8](repeating: 0xAB, count: n)
        }
    }

    @Test("Snappy round trip over random, periodic, text and constant data", arguments: [0, 1, 2, 3])
    func snappyRoundTrip(kind: Int) throws {
        for n in [0, 1, 4, 15, 16, 17, 100, 65535, 65536, 65537, 200_000] {
            let input = Self.sample(kind, n)
            let c = Snappy.compress(input)
            #expect(try Snappy.decompress(c, expectedLength: n) == input)
            if kind != 0 && n >= 1000 { #expect(c.count < n / 4, "compressor should find matches (\(c.count) of \(n))") }
        }
    }

    @Test("corrupt Snappy data is rejected", arguments: [
        [0x05, 0x01, 0x00] as [UInt8],        // copy before any output
        [0x0A, 0x08, 0x61, 0x62, 0x63],       // literal longer than input
        [0x04, 0x00, 0x61, 0x05, 0x09],       // copy offset beyond output
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // preamble too long
        [0x03, 0x08, 0x61, 0x62, 0x63],       // wrong length vs expected
    ])
    func snappyCorrupt(bytes: [UInt8]) {
        #expect(throws: ParquetError.self) { try Snappy.decompress(bytes, expectedLength: 4) }
    }

    @Test("GZIP, ZSTD, LZ4_RAW and Hadoop LZ4 round trip", arguments: [CompressionCodec.gzip, .zstd, .lz4Raw, .lz4])
    func codecRoundTrip(codec: CompressionCodec) throws {
        let input = Self.sample(2, 100_000)
        let c = try input.withUnsafeBytes { try PageCompression.compress(codec, $0) }
        #expect(c.count < input.count / 4)
        let d = try c.withUnsafeBytes { try PageCompression.decompress(codec, $0, uncompressedLength: input.count) }
        #expect(d == input)
        #expect(throws: ParquetError.self) {
            try c.withUnsafeBytes { try PageCompression.decompress(codec, $0, uncompressedLength: input.count - 1) }
        }
        let garbage = Self.sample(0, 300)
        #expect(throws: ParquetError.self) {
            try garbage.withUnsafeBytes { try PageCompression.decompress(codec, $0, uncompressedLength: 5000) }
        }
    }

    @Test("GZIP accepts concatenated members")
    func gzipMembers() throws {
        let a = Array("hello ".utf8), b = Array("world".utf8)
        let ca = try a.withUnsafeBytes { try PageCompression.compress(.gzip, $0) }
        let cb = try b.withUnsafeBytes { try PageCompression.compress(.gzip, $0) }
        let both = ca + cb
        let d = try both.withUnsafeBytes { try PageCompression.decompress(.gzip, $0, uncompressedLength: 11) }
        #expect(d == a + b)
    }

    @Test("unsupported codecs name themselves")
    func unsupportedCodec() {
        let error = #expect(throws: ParquetError.self) {
            try [UInt8]().withUnsafeBytes { try PageCompression.decompress(.brotli, $0, uncompressedLength: 0) }
        }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("BROTLI") == true)
    }
}
