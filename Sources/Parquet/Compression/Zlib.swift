/// GZIP (RFC 1952) compression through the system zlib, loaded at run time.
struct Zlib: @unchecked Sendable {
    typealias VersionFn = @convention(c) () -> UnsafePointer<CChar>?
    typealias InflateInit2Fn = @convention(c) (UnsafeMutableRawPointer, Int32, UnsafePointer<CChar>?, Int32) -> Int32
    typealias StreamFn = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    typealias EndFn = @convention(c) (UnsafeMutableRawPointer) -> Int32
    typealias DeflateInit2Fn = @convention(c) (UnsafeMutableRawPointer, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>?, Int32) -> Int32
    typealias BoundFn = @convention(c) (UnsafeMutableRawPointer, UInt) -> UInt

    let version: VersionFn
    let inflateInit2: InflateInit2Fn
    let inflate: StreamFn
    let inflateEnd: EndFn
    let inflateReset: EndFn
    let deflateInit2: DeflateInit2Fn
    let deflate: StreamFn
    let deflateEnd: EndFn
    let deflateBound: BoundFn

    static let shared: Zlib? = {
        guard let lib = DynamicLibrary(names: ["libz.so.1", "libz.so", "libz.1.dylib", "libz.dylib"]) else { return nil }
        guard let v = lib.symbol("zlibVersion", as: VersionFn.self),
              let ii = lib.symbol("inflateInit2_", as: InflateInit2Fn.self),
              let inf = lib.symbol("inflate", as: StreamFn.self),
              let ie = lib.symbol("inflateEnd", as: EndFn.self),
              let ir = lib.symbol("inflateReset", as: EndFn.self),
              let di = lib.symbol("deflateInit2_", as: DeflateInit2Fn.self),
              let d = lib.symbol("deflate", as: StreamFn.self),
              let de = lib.symbol("deflateEnd", as: EndFn.self),
              let db = lib.symbol("deflateBound", as: BoundFn.self) else { return nil }
        return Zlib(version: v, inflateInit2: ii, inflate: inf, inflateEnd: ie, inflateReset: ir,
                    deflateInit2: di, deflate: d, deflateEnd: de, deflateBound: db)
    }()

    static func require() throws -> Zlib {
        guard let z = shared else {
            throw ParquetError(.codecUnavailable, "GZIP needs the zlib shared library (libz.so.1); install the Debian package zlib1g")
        }
        return z
    }

    // z_stream layout on LP64 platforms.
    private static let streamSize = 112
    private static let nextIn = 0, availIn = 8, nextOut = 24, availOut = 32

    /// Decompresses one or more concatenated gzip (or zlib) members into exactly `expectedLength` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max), expectedLength <= Int(UInt32.max) else {
            throw ParquetError.unsupported("GZIP pages larger than 4 GiB are not supported")
        }
        let strm = UnsafeMutableRawPointer.allocate(byteCount: Self.streamSize, alignment: 8)
        defer { strm.deallocate() }
        strm.initializeMemory(as: UInt8.self, repeating: 0, count: Self.streamSize)
        guard inflateInit2(strm, 15 + 32, version(), Int32(Self.streamSize)) == 0 else {
            throw ParquetError.corrupt("zlib inflateInit failed")
        }
        defer { _ = inflateEnd(strm) }
        var failure: ParquetError?
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 8)
        defer { scratch.deallocate() }
        let out = [UInt8](unsafeUninitializedCapacity: expectedLength) { buf, initialized in
            var inPos = 0
            var outPos = 0
            while inPos < input.count {
                strm.storeBytes(of: UnsafeRawPointer(input.baseAddress! + inPos), toByteOffset: Self.nextIn, as: UnsafeRawPointer.self)
                strm.storeBytes(of: UInt32(input.count - inPos), toByteOffset: Self.availIn, as: UInt32.self)
                // Give zlib a scratch byte once full so it can report data past the expected end.
                let outRoom = expectedLength - outPos
                if outRoom > 0 {
                    strm.storeBytes(of: UnsafeMutableRawPointer(buf.baseAddress! + outPos), toByteOffset: Self.nextOut, as: UnsafeMutableRawPointer.self)
                    strm.storeBytes(of: UInt32(outRoom), toByteOffset: Self.availOut, as: UInt32.self)
                } else {
                    strm.storeBytes(of: scratch, toByteOffset: Self.nextOut, as: UnsafeMutableRawPointer.self)
                    strm.storeBytes(of: UInt32(1), toByteOffset: Self.availOut, as: UInt32.self)
                }
                let rc = inflate(strm, 0)
                let leftIn = Int(strm.load(fromByteOffset: Self.availIn, as: UInt32.self))
                let leftOut = Int(strm.load(fromByteOffset: Self.availOut, as: UInt32.self))
                let consumed = (input.count - inPos) - leftIn
                let produced = outRoom > 0 ? outRoom - leftOut : 1 - leftOut
                if outRoom <= 0 && produced > 0 {
                    failure = .corrupt("GZIP data decompresses to more than the \(expectedLength) bytes the page header says")
                    break
                }
                inPos += consumed
                outPos += outRoom > 0 ? produced : 0
                if rc == 1 {  // Z_STREAM_END: another member may follow
                    if inPos < input.count {
                        // Skip trailing zero padding some writers leave.
                        if input[inPos...].allSatisfy({ $0 == 0 }) { break }
                        _ = inflateReset(strm)
                    }
                    continue
                }
                if rc != 0 {
                    failure = .corrupt("GZIP data is invalid (zlib error \(rc))")
                    break
                }
                if consumed == 0 && produced == 0 {
                    failure = .corrupt("GZIP data is truncated")
                    break
                }
            }
            initialized = outPos
            if failure == nil && outPos != expectedLength {
                failure = .corrupt("GZIP data decompressed to \(outPos) bytes, expected \(expectedLength)")
            }
        }
        if let failure { throw failure }
        return out
    }

    /// Compresses `input` as one gzip member.
    func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 6) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw ParquetError.unsupported("GZIP pages larger than 4 GiB are not supported") }
        let strm = UnsafeMutableRawPointer.allocate(byteCount: Self.streamSize, alignment: 8)
        defer { strm.deallocate() }
        strm.initializeMemory(as: UInt8.self, repeating: 0, count: Self.streamSize)
        guard deflateInit2(strm, level, 8, 31, 8, 0, version(), Int32(Self.streamSize)) == 0 else {
            throw ParquetError(.io, "zlib deflateInit failed")
        }
        defer { _ = deflateEnd(strm) }
        let cap = Int(deflateBound(strm, UInt(input.count))) + 32
        var rc: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: cap) { buf, initialized in
            let src = input.baseAddress ?? UnsafeRawPointer(buf.baseAddress!)
            strm.storeBytes(of: src, toByteOffset: Self.nextIn, as: UnsafeRawPointer.self)
            strm.storeBytes(of: UInt32(input.count), toByteOffset: Self.availIn, as: UInt32.self)
            strm.storeBytes(of: UnsafeMutableRawPointer(buf.baseAddress!), toByteOffset: Self.nextOut, as: UnsafeMutableRawPointer.self)
            strm.storeBytes(of: UInt32(cap), toByteOffset: Self.availOut, as: UInt32.self)
            rc = deflate(strm, 4)
            initialized = cap - Int(strm.load(fromByteOffset: Self.availOut, as: UInt32.self))
        }
        guard rc == 1 else { throw ParquetError(.io, "zlib deflate failed (\(rc))") }
        return out
    }
}
