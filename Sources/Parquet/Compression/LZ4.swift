/// LZ4 block compression through liblz4, loaded at run time.
struct LZ4: @unchecked Sendable {
    typealias DecompressFn = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32, Int32) -> Int32
    typealias CompressFn = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32, Int32) -> Int32
    typealias BoundFn = @convention(c) (Int32) -> Int32

    let decompressFn: DecompressFn
    let compressFn: CompressFn
    let bound: BoundFn

    static let shared: LZ4? = {
        guard let lib = DynamicLibrary(names: ["liblz4.so.1", "liblz4.so", "liblz4.1.dylib", "liblz4.dylib"]),
              let d = lib.symbol("LZ4_decompress_safe", as: DecompressFn.self),
              let c = lib.symbol("LZ4_compress_default", as: CompressFn.self),
              let b = lib.symbol("LZ4_compressBound", as: BoundFn.self) else { return nil }
        return LZ4(decompressFn: d, compressFn: c, bound: b)
    }()

    static func require() throws -> LZ4 {
        guard let z = shared else {
            throw ParquetError(.codecUnavailable, "LZ4 needs the lz4 shared library (liblz4.so.1); install the Debian package liblz4-1")
        }
        return z
    }

    /// Decompresses one raw LZ4 block into exactly `expectedLength` bytes.
    func decompressBlock(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard input.count < Int(Int32.max), expectedLength < Int(Int32.max) else {
            throw ParquetError.unsupported("LZ4 pages larger than 2 GiB are not supported")
        }
        var rc: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: max(expectedLength, 1)) { buf, initialized in
            rc = decompressFn(input.baseAddress?.assumingMemoryBound(to: CChar.self),
                              UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self),
                              Int32(input.count), Int32(expectedLength))
            initialized = rc < 0 ? 0 : Int(rc)
        }
        guard rc >= 0, Int(rc) == expectedLength else {
            throw ParquetError.corrupt("LZ4 block is invalid or does not decompress to the \(expectedLength) bytes the page header says")
        }
        return out
    }

    /// Decompresses one raw LZ4 block into `output` (exactly the decompressed size).
    func decompressBlock(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard input.count < Int(Int32.max), output.count < Int(Int32.max) else {
            throw ParquetError.unsupported("LZ4 pages larger than 2 GiB are not supported")
        }
        guard let dst = output.baseAddress else {
            if input.count <= 1 { return }
            throw ParquetError.corrupt("LZ4 block does not decompress to the 0 bytes the page header says")
        }
        let rc = decompressFn(input.baseAddress?.assumingMemoryBound(to: CChar.self), dst.assumingMemoryBound(to: CChar.self),
                              Int32(input.count), Int32(output.count))
        guard rc >= 0, Int(rc) == output.count else {
            throw ParquetError.corrupt("LZ4 block is invalid or does not decompress to the \(output.count) bytes the page header says")
        }
    }

    /// Decompresses Hadoop-framed LZ4 (deprecated codec LZ4): repeated
    /// `[u32 BE decompressed size][u32 BE compressed size][block]`. Falls back to a raw block.
    func decompressHadoop(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var pos = 0
        var ok = true
        func be32(_ p: Int) -> Int {
            Int(input[p]) << 24 | Int(input[p + 1]) << 16 | Int(input[p + 2]) << 8 | Int(input[p + 3])
        }
        while pos < input.count {
            guard input.count - pos >= 8 else { ok = false; break }
            let dsize = be32(pos), csize = be32(pos + 4)
            pos += 8
            guard csize <= input.count - pos, dsize <= expectedLength - out.count else { ok = false; break }
            guard let block = try? decompressBlock(UnsafeRawBufferPointer(rebasing: input[pos..<(pos + csize)]), expectedLength: dsize) else {
                ok = false
                break
            }
            out.append(contentsOf: block)
            pos += csize
        }
        if ok && out.count == expectedLength { return out }
        return try decompressBlock(input, expectedLength: expectedLength)
    }

    func compressBlock(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard input.count < Int(Int32.max) / 2 else { throw ParquetError.unsupported("LZ4 pages larger than 1 GiB are not supported") }
        let cap = Int(bound(Int32(input.count)))
        var rc: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: max(cap, 1)) { buf, initialized in
            rc = compressFn(input.baseAddress?.assumingMemoryBound(to: CChar.self),
                            UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self),
                            Int32(input.count), Int32(cap))
            initialized = rc <= 0 ? 0 : Int(rc)
        }
        guard rc > 0 || input.isEmpty else { throw ParquetError(.io, "LZ4 compression failed") }
        return out
    }

    func compressHadoop(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let block = try compressBlock(input)
        var out: [UInt8] = []
        out.reserveCapacity(block.count + 8)
        for v in [input.count, block.count] {
            out.append(UInt8((v >> 24) & 0xFF)); out.append(UInt8((v >> 16) & 0xFF))
            out.append(UInt8((v >> 8) & 0xFF)); out.append(UInt8(v & 0xFF))
        }
        out.append(contentsOf: block)
        return out
    }
}
