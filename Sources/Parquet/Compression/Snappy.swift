/// The Snappy raw block format (no framing), as used by Parquet's SNAPPY codec.
public enum Snappy {
    /// Reads the uncompressed length from the preamble.
    public static func uncompressedLength(_ input: UnsafeRawBufferPointer) throws -> Int {
        var pos = 0
        return try readPreamble(input, &pos)
    }

    private static func readPreamble(_ input: UnsafeRawBufferPointer, _ pos: inout Int) throws -> Int {
        var result = 0
        var shift = 0
        while true {
            guard pos < input.count else { throw ParquetError.corrupt("Snappy preamble truncated") }
            let b = input[pos]
            pos += 1
            result |= Int(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
            guard shift < 35 else { throw ParquetError.corrupt("Snappy preamble longer than 5 bytes") }
        }
        guard result <= Int(UInt32.max) else { throw ParquetError.corrupt("Snappy length exceeds 4 GiB") }
        return result
    }

    /// Decompresses a raw Snappy block. `expectedLength`, when given, must match the preamble
    /// (this bounds the allocation by what the page header promises).
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int? = nil) throws -> [UInt8] {
        var pos = 0
        let length = try readPreamble(input, &pos)
        if let expectedLength, expectedLength != length {
            throw ParquetError.corrupt("Snappy block decodes to \(length) bytes but the page header says \(expectedLength)")
        }
        // A Snappy stream expands at most ~64x per input byte (copies of 64 bytes from 2-3 byte tags).
        guard length <= (input.count &* 64) &+ 64 else {
            throw ParquetError.corrupt("Snappy block claims \(length) bytes from only \(input.count) input bytes")
        }
        var failure: (any Error)?
        let out = [UInt8](unsafeUninitializedCapacity: length) { buf, initialized in
            do {
                try decompress(input, into: UnsafeMutableRawBufferPointer(buf))
                initialized = length
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return out
    }

    /// Decompresses a raw Snappy block into `output`, whose size must equal the preamble length.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        var pos = 0
        let length = try readPreamble(input, &pos)
        guard length == output.count else {
            throw ParquetError.corrupt("Snappy block decodes to \(length) bytes but the page header says \(output.count)")
        }
        guard length > 0 else { return }
        guard let dst = output.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw ParquetError.corrupt("Snappy block is empty but claims \(length) bytes")
        }
        var ip = pos
        var op = 0
        let inEnd = input.count
        while ip < inEnd {
            let tag = src[ip]
            ip += 1
            if tag & 3 == 0 {
                var len = Int(tag >> 2)
                if len >= 60 {
                    let extra = len - 59
                    guard inEnd - ip >= extra else { throw ParquetError.corrupt("Snappy literal length truncated") }
                    var l = 0
                    for i in 0..<extra { l |= Int(src[ip + i]) << (8 * i) }
                    ip += extra
                    len = l
                }
                len += 1
                guard inEnd - ip >= len, length - op >= len else {
                    throw ParquetError.corrupt("Snappy literal of \(len) bytes runs past the input or output")
                }
                if len <= 16 && inEnd - ip >= 16 && length - op >= 16 {
                    // Short literal with room on both sides: two 8-byte copies (the extra bytes
                    // written are overwritten by what follows).
                    copy16(from: src + ip, to: dst + op)
                } else {
                    (dst + op).update(from: src + ip, count: len)
                }
                ip += len
                op += len
                continue
            }
            let len: Int
            let offset: Int
            switch tag & 3 {
            case 1:
                guard ip < inEnd else { throw ParquetError.corrupt("Snappy copy truncated") }
                len = Int((tag >> 2) & 7) + 4
                offset = Int(tag >> 5) << 8 | Int(src[ip])
                ip += 1
            case 2:
                guard inEnd - ip >= 2 else { throw ParquetError.corrupt("Snappy copy truncated") }
                len = Int(tag >> 2) + 1
                offset = Int(src[ip]) | Int(src[ip + 1]) << 8
                ip += 2
            default:
                guard inEnd - ip >= 4 else { throw ParquetError.corrupt("Snappy copy truncated") }
                len = Int(tag >> 2) + 1
                offset = Int(src[ip]) | Int(src[ip + 1]) << 8 | Int(src[ip + 2]) << 16 | Int(src[ip + 3]) << 24
                ip += 4
            }
            guard offset > 0, offset <= op, length - op >= len else {
                throw ParquetError.corrupt("Snappy copy (offset \(offset), length \(len)) is out of range")
            }
            if offset >= 8 && len <= 16 && length - op >= 16 {
                // Short copy: 8 bytes at a time; with offset >= 8 each load reads bytes already written.
                let from = UnsafeRawPointer(dst + op - offset), to = UnsafeMutableRawPointer(dst + op)
                to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
            } else if offset >= len {
                (dst + op).update(from: dst + op - offset, count: len)
            } else if offset >= 8 {
                // Overlapping, but at least 8 bytes back: whole words, each from bytes already written.
                var i = 0
                while i + 8 <= len {
                    UnsafeMutableRawPointer(dst + op + i).storeBytes(of: UnsafeRawPointer(dst + op - offset + i).loadUnaligned(as: UInt64.self),
                                                                     as: UInt64.self)
                    i += 8
                }
                while i < len {
                    dst[op + i] = dst[op - offset + i]
                    i += 1
                }
            } else {
                var s = op - offset
                for i in 0..<len {
                    dst[op + i] = dst[s]
                    s += 1
                }
            }
            op += len
        }
        if op != length { throw ParquetError.corrupt("Snappy block produced \(op) bytes, expected \(length)") }
    }

    @inline(__always)
    private static func copy16(from src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>) {
        let s = UnsafeRawPointer(src), d = UnsafeMutableRawPointer(dst)
        d.storeBytes(of: s.loadUnaligned(as: UInt64.self), as: UInt64.self)
        d.storeBytes(of: s.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
    }

    /// Decompresses a raw Snappy block from an array.
    public static func decompress(_ input: [UInt8], expectedLength: Int? = nil) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }

    /// Upper bound of the compressed size of `n` bytes.
    public static func maxCompressedLength(_ n: Int) -> Int { 32 + n + n / 6 }

    /// Compresses `input` into a raw Snappy block, using a hash table to find 4-byte matches
    /// within 64 KiB blocks (the reference algorithm's structure).
    public static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let n = input.count
        let cap = maxCompressedLength(n)
        return [UInt8](unsafeUninitializedCapacity: cap) { out, initialized in
            guard let dst = out.baseAddress else { initialized = 0; return }
            var op = 0
            var v = UInt64(n)
            while v >= 0x80 {
                dst[op] = UInt8(truncatingIfNeeded: v) | 0x80
                op += 1
                v >>= 7
            }
            dst[op] = UInt8(v)
            op += 1
            guard n > 0, let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { initialized = op; return }
            let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 1 << 14)
            defer { table.deallocate() }
            var blockStart = 0
            while blockStart < n {
                let blockLen = min(65536, n - blockStart)
                op = compressBlock(src + blockStart, blockLen, readable: n - blockStart, dst, op, cap: cap, table)
                blockStart += blockLen
            }
            initialized = op
        }
    }

    /// Compresses an array into a raw Snappy block.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBytes { compress($0) }
    }

    @inline(__always)
    private static func load32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
    }

    @inline(__always)
    private static func hash(_ v: UInt32) -> Int {
        Int((v &* 0x1E35_A7BD) >> 18)
    }

    @inline(__always)
    private static func emitLiteral(_ src: UnsafePointer<UInt8>, _ len: Int, _ dst: UnsafeMutablePointer<UInt8>, _ op: Int) -> Int {
        var op = op
        let n = len - 1
        if n < 60 {
            dst[op] = UInt8(n << 2)
            op += 1
        } else if n < 256 {
            dst[op] = 60 << 2
            dst[op + 1] = UInt8(n)
            op += 2
        } else if n < 65536 {
            dst[op] = 61 << 2
            dst[op + 1] = UInt8(n & 0xFF)
            dst[op + 2] = UInt8(n >> 8)
            op += 3
        } else {
            dst[op] = 62 << 2
            dst[op + 1] = UInt8(n & 0xFF)
            dst[op + 2] = UInt8((n >> 8) & 0xFF)
            dst[op + 3] = UInt8(n >> 16)
            op += 4
        }
        (dst + op).update(from: src, count: len)
        return op + len
    }

    @inline(__always)
    private static func emitCopy(offset: Int, length: Int, _ dst: UnsafeMutablePointer<UInt8>, _ op: Int) -> Int {
        var op = op
        var len = length
        while len >= 68 {
            dst[op] = UInt8((64 - 1) << 2 | 2)
            dst[op + 1] = UInt8(offset & 0xFF)
            dst[op + 2] = UInt8(offset >> 8)
            op += 3
            len -= 64
        }
        if len > 64 {
            dst[op] = UInt8((60 - 1) << 2 | 2)
            dst[op + 1] = UInt8(offset & 0xFF)
            dst[op + 2] = UInt8(offset >> 8)
            op += 3
            len -= 60
        }
        if len < 12 && offset < 2048 {
            dst[op] = UInt8(1 | ((len - 4) << 2) | ((offset >> 8) << 5))
            dst[op + 1] = UInt8(offset & 0xFF)
            op += 2
        } else {
            dst[op] = UInt8(2 | ((len - 1) << 2))
            dst[op + 1] = UInt8(offset & 0xFF)
            dst[op + 2] = UInt8(offset >> 8)
            op += 3
        }
        return op
    }

    private static func compressBlock(_ src: UnsafePointer<UInt8>, _ n: Int, readable: Int, _ dst: UnsafeMutablePointer<UInt8>,
                                      _ op0: Int, cap: Int, _ table: UnsafeMutablePointer<UInt16>) -> Int {
        var op = op0
        let inputMarginBytes = 15
        if n < inputMarginBytes + 1 {
            return emitLiteral(src, n, dst, op)
        }
        table.initialize(repeating: 0, count: 1 << 14)
        let ipLimit = n - inputMarginBytes
        var nextEmit = 0
        var ip = 1
        var nextHash = hash(load32(src + ip))
        outer: while true {
            var skip = 32
            var nextIP = ip
            var candidate = 0
            repeat {
                ip = nextIP
                let h = nextHash
                let bytesBetween = skip >> 5
                skip += 1
                nextIP = ip + bytesBetween
                if nextIP > ipLimit { break outer }
                nextHash = hash(load32(src + nextIP))
                candidate = Int(table[h])
                table[h] = UInt16(ip)
            } while load32(src + ip) != load32(src + candidate)

            let litLen = ip - nextEmit
            if litLen <= 16 && readable - nextEmit >= 16 && cap - op >= 17 {
                // Short literal: tag byte plus two unaligned 8-byte copies (may copy past the end; harmless).
                dst[op] = UInt8((litLen - 1) << 2)
                let s8 = UnsafeRawPointer(src + nextEmit)
                let d8 = UnsafeMutableRawPointer(dst + op + 1)
                d8.storeBytes(of: s8.loadUnaligned(as: UInt64.self), as: UInt64.self)
                d8.storeBytes(of: s8.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
                op += 1 + litLen
            } else {
                op = emitLiteral(src + nextEmit, litLen, dst, op)
            }
            while true {
                let base = ip
                var matched = 4
                while base + matched + 8 <= n {
                    let x = UnsafeRawPointer(src + candidate + matched).loadUnaligned(as: UInt64.self)
                        ^ UnsafeRawPointer(src + base + matched).loadUnaligned(as: UInt64.self)
                    if x != 0 {
                        matched += x.trailingZeroBitCount >> 3
                        break
                    }
                    matched += 8
                }
                if base + matched + 8 > n {
                    while base + matched < n && src[candidate + matched] == src[base + matched] { matched += 1 }
                }
                let offset = base - candidate
                op = emitCopy(offset: offset, length: matched, dst, op)
                ip += matched
                nextEmit = ip
                if ip >= ipLimit { break outer }
                let prevHash = hash(load32(src + ip - 1))
                table[prevHash] = UInt16(ip - 1)
                let curHash = hash(load32(src + ip))
                candidate = Int(table[curHash])
                table[curHash] = UInt16(ip)
                if load32(src + ip) != load32(src + candidate) {
                    ip += 1
                    nextHash = hash(load32(src + ip))
                    break
                }
            }
        }
        if nextEmit < n {
            op = emitLiteral(src + nextEmit, n - nextEmit, dst, op)
        }
        return op
    }
}
