/// Dispatches page (de)compression by codec.
enum PageCompression {
    /// Decompresses a page body into exactly `uncompressedLength` bytes.
    static func decompress(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, uncompressedLength: Int) throws -> [UInt8] {
        switch codec {
        case .uncompressed:
            guard input.count == uncompressedLength else {
                throw ParquetError.corrupt("uncompressed page has \(input.count) bytes but the header says \(uncompressedLength)")
            }
            return Array(input)
        case .snappy:
            return try Snappy.decompress(input, expectedLength: uncompressedLength)
        case .gzip:
            return try Zlib.require().decompress(input, expectedLength: uncompressedLength)
        case .zstd:
            return try Zstd.require().decompress(input, expectedLength: uncompressedLength)
        case .lz4Raw:
            return try LZ4.require().decompressBlock(input, expectedLength: uncompressedLength)
        case .lz4:
            return try LZ4.require().decompressHadoop(input, expectedLength: uncompressedLength)
        default:
            throw ParquetError.unsupported("compression codec \(codec) is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4, LZ4_RAW)")
        }
    }

    /// Decompresses a page body into `output` (exactly the uncompressed size), avoiding an allocation.
    static func decompress(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        switch codec {
        case .snappy:
            try Snappy.decompress(input, into: output)
        case .uncompressed:
            guard input.count == output.count else {
                throw ParquetError.corrupt("uncompressed page has \(input.count) bytes but the header says \(output.count)")
            }
            if input.count > 0 { output.baseAddress!.copyMemory(from: input.baseAddress!, byteCount: input.count) }
        case .zstd:
            try Zstd.require().decompress(input, into: output)
        case .lz4Raw:
            try LZ4.require().decompressBlock(input, into: output)
        default:
            let bytes = try decompress(codec, input, uncompressedLength: output.count)
            bytes.withUnsafeBytes { if $0.count > 0 { output.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        }
    }

    /// Compresses a page body.
    static func compress(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        switch codec {
        case .uncompressed: return Array(input)
        case .snappy: return Snappy.compress(input)
        case .gzip: return try Zlib.require().compress(input)
        case .zstd: return try Zstd.require().compress(input)
        case .lz4Raw: return try LZ4.require().compressBlock(input)
        case .lz4: return try LZ4.require().compressHadoop(input)
        default: throw ParquetError.unsupported("cannot write compression codec \(codec)")
        }
    }

    /// Whether the codec can be used on this machine (its library is present).
    static func isAvailable(_ codec: CompressionCodec) -> Bool {
        switch codec {
        case .uncompressed, .snappy: true
        case .gzip: Zlib.shared != nil
        case .zstd: Zstd.shared != nil
        case .lz4, .lz4Raw: LZ4.shared != nil
        default: false
        }
    }
}
