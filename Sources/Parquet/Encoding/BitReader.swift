/// Little-endian bit-stream helpers shared by the RLE hybrid and delta decoders.
enum BitReader {
    /// Reads `width` (0...64) bits starting at bit `bitPos` of `src` (LSB-first packing).
    /// Bytes beyond `byteCount` read as zero.
    @inline(__always)
    static func read(_ src: UnsafePointer<UInt8>, byteCount: Int, bitPos: Int, width: Int) -> UInt64 {
        if width == 0 { return 0 }
        let byte = bitPos >> 3
        let shift = UInt64(bitPos & 7)
        let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) &- 1
        if byte + 9 <= byteCount {
            var v = UnsafeRawPointer(src + byte).loadUnaligned(as: UInt64.self) >> shift
            if shift + UInt64(width) > 64 { v |= UInt64(src[byte + 8]) << (64 - shift) }
            return v & mask
        }
        var v: UInt64 = 0
        var i = 0
        while i < 9 && byte + i < byteCount {
            let b = UInt64(src[byte + i])
            if i == 0 {
                v = b >> shift
            } else {
                let s = UInt64(i * 8) - shift
                if s < 64 { v |= b << s }
            }
            i += 1
        }
        return v & mask
    }
}

/// Packs values LSB-first at a fixed bit width (writer side).
struct BitWriter {
    var bytes: [UInt8] = []
    private var acc: UInt64 = 0
    private var bits: UInt64 = 0

    mutating func write(_ value: UInt64, width: Int) {
        guard width > 0 else { return }
        var v = width == 64 ? value : value & ((1 << UInt64(width)) &- 1)
        var remaining = UInt64(width)
        while remaining > 0 {
            let take = min(remaining, 64 - bits)
            let part = take == 64 ? v : v & ((1 << take) &- 1)
            acc |= part << bits
            bits += take
            remaining -= take
            v = take == 64 ? 0 : v >> take
            while bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }
    }

    /// Flushes a partial byte (zero-padded).
    mutating func flush() {
        if bits > 0 {
            bytes.append(UInt8(truncatingIfNeeded: acc))
            acc = 0
            bits = 0
        }
    }
}
