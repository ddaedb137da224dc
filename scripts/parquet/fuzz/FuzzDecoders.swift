// libFuzzer harness for the value and level decoders and codecs, bypassing the footer.
// The first bytes choose the physical type, encoding, codec and counts; the rest is the page.
// Build: scripts/parquet/fuzz/build.sh .build-fuzz/parquet-fuzz-decoders FuzzDecoders.swift

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 4 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let types: [PhysicalType] = [.boolean, .int32, .int64, .int96, .float, .double, .byteArray, .fixedLenByteArray]
    let encodings: [Encoding] = [.plain, .rleDictionary, .rle, .deltaBinaryPacked, .deltaLengthByteArray, .deltaByteArray, .byteStreamSplit]
    let codecs: [CompressionCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .lz4]
    let type = types[Int(bytes[0]) % types.count]
    let encoding = encodings[Int(bytes[1]) % encodings.count]
    let count = Int(bytes[2]) * 4
    let codec = codecs[Int(bytes[3] & 7) % codecs.count]
    let maxLevel = Int(bytes[3] >> 4)
    let body = Array(bytes[4...])
    body.withUnsafeBytes { page in
        // Codec on the raw body.
        _ = try? PageCompression.decompress(codec, page, uncompressedLength: min(1 << 16, count * 16))
        // Levels.
        if maxLevel > 0 {
            var levels: [UInt8] = []
            _ = try? ColumnChunkDecoder.readV1Levels(page, from: 0, encoding: .rle, maxLevel: maxLevel, count: count, into: &levels)
            _ = try? ColumnChunkDecoder.readV1Levels(page, from: 0, encoding: .bitPacked, maxLevel: maxLevel, count: count, into: &levels)
        }
        // Values, with a small dictionary for dictionary encodings.
        var dict = ValueBuffers(type: type, width: 3)
        let dictBytes: [UInt8] = Array(repeating: 1, count: 64)
        dictBytes.withUnsafeBytes { _ = try? dict.decodePlain($0, count: 4) }
        var values = ValueBuffers(type: type, width: 3, byteLimit: 1 << 20)
        _ = try? values.decode(encoding, page, count: count, dictionary: dict)
        _ = values.finish()
    }
    return 0
}
