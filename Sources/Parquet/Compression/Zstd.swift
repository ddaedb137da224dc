/// ZSTD compression through libzstd, loaded at run time.
struct Zstd: @unchecked Sendable {
    typealias DecompressFn = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int
    typealias CompressFn = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int, Int32) -> Int
    typealias IsErrorFn = @convention(c) (Int) -> UInt32
    typealias BoundFn = @convention(c) (Int) -> Int

    let decompressFn: DecompressFn
    let compressFn: CompressFn
    let isError: IsErrorFn
    let bound: BoundFn

    static let shared: Zstd? = {
        guard let lib = DynamicLibrary(names: ["libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib"]),
              let d = lib.symbol("ZSTD_decompress", as: DecompressFn.self),
              let c = lib.symbol("ZSTD_compress", as: CompressFn.self),
              let e = lib.symbol("ZSTD_isError", as: IsErrorFn.self),
              let b = lib.symbol("ZSTD_compressBound", as: BoundFn.self) else { return nil }
        return Zstd(decompressFn: d, compressFn: c, isError: e, bound: b)
    }()

    static func require() throws -> Zstd {
        guard let z = shared else {
            throw ParquetError(.codecUnavailable, "ZSTD needs the zstd shared library (libzstd.so.1); install the Debian package libzstd1")
        }
        return z
    }

    func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        var rc = 0
        let out = [UInt8](unsafeUninitializedCapacity: max(expectedLength, 1)) { buf, initialized in
            rc = decompressFn(buf.baseAddress, expectedLength, input.baseAddress, input.count)
            initialized = isError(rc) != 0 ? 0 : min(rc, expectedLength)
        }
        guard isError(rc) == 0 else { throw ParquetError.corrupt("ZSTD data is invalid or larger than the \(expectedLength) bytes the page header says") }
        guard rc == expectedLength else { throw ParquetError.corrupt("ZSTD data decompressed to \(rc) bytes, expected \(expectedLength)") }
        return out
    }

    /// Decompresses into `output`, which must be exactly the decompressed size.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let rc = decompressFn(output.baseAddress, output.count, input.baseAddress, input.count)
        guard isError(rc) == 0 else { throw ParquetError.corrupt("ZSTD data is invalid or larger than the \(output.count) bytes the page header says") }
        guard rc == output.count else { throw ParquetError.corrupt("ZSTD data decompressed to \(rc) bytes, expected \(output.count)") }
    }

    func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 1) throws -> [UInt8] {
        let cap = bound(input.count)
        var rc = 0
        let out = [UInt8](unsafeUninitializedCapacity: cap) { buf, initialized in
            rc = compressFn(buf.baseAddress, cap, input.baseAddress, input.count, level)
            initialized = isError(rc) != 0 ? 0 : rc
        }
        guard isError(rc) == 0 else { throw ParquetError(.io, "ZSTD compression failed") }
        return out
    }
}
