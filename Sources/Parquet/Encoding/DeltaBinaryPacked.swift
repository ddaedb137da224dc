/// DELTA_BINARY_PACKED decoding and encoding (INT32/INT64 values, byte-array lengths).
enum DeltaBinaryPacked {
    private static func uvarint(_ p: UnsafePointer<UInt8>, _ len: Int, _ pos: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < len else { throw ParquetError.corrupt("DELTA_BINARY_PACKED header truncated") }
            let b = p[pos]
            pos += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ParquetError.corrupt("DELTA_BINARY_PACKED varint too long") }
        }
    }

    private static func zigzag(_ p: UnsafePointer<UInt8>, _ len: Int, _ pos: inout Int) throws -> Int64 {
        let u = try uvarint(p, len, &pos)
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// Decodes one stream, appending to `out`. Returns the number of bytes consumed.
    /// `maxCount` bounds the declared value count.
    @discardableResult
    static func decode(_ buffer: UnsafeRawBufferPointer, maxCount: Int, into out: inout [Int64]) throws -> Int {
        guard let p = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if maxCount == 0 { return 0 }
            throw ParquetError.corrupt("DELTA_BINARY_PACKED data is empty")
        }
        let len = buffer.count
        var pos = 0
        let blockSize = try uvarint(p, len, &pos)
        let miniblocks = try uvarint(p, len, &pos)
        let total = try uvarint(p, len, &pos)
        var value = try zigzag(p, len, &pos)
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED header is invalid (block \(blockSize), miniblocks \(miniblocks))")
        }
        guard total <= UInt64(maxCount) else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED claims \(total) values but at most \(maxCount) are expected")
        }
        let count = Int(total)
        if count == 0 { return pos }
        let perMini = Int(blockSize / miniblocks)
        let nMini = Int(miniblocks)
        out.reserve(additional: count)
        out.append(value)
        var produced = 1
        var widths = [Int](repeating: 0, count: nMini)
        while produced < count {
            let minDelta = try zigzag(p, len, &pos)
            guard len - pos >= nMini else { throw ParquetError.corrupt("DELTA_BINARY_PACKED miniblock widths truncated") }
            for i in 0..<nMini {
                let w = Int(p[pos + i])
                guard w <= 64 else { throw ParquetError.corrupt("DELTA_BINARY_PACKED bit width \(w) exceeds 64") }
                widths[i] = w
            }
            pos += nMini
            for i in 0..<nMini where produced < count {
                let w = widths[i]
                let n = min(perMini, count - produced)
                let fullBytes = perMini * w / 8
                let needBytes = (n * w + 7) / 8
                guard len - pos >= needBytes else { throw ParquetError.corrupt("DELTA_BINARY_PACKED miniblock truncated") }
                let avail = min(fullBytes, len - pos)
                let base = p + pos
                var bp = 0
                for _ in 0..<n {
                    let d = BitReader.read(base, byteCount: avail, bitPos: bp, width: w)
                    value = value &+ minDelta &+ Int64(bitPattern: d)
                    out.append(value)
                    bp += w
                }
                produced += n
                pos += avail
            }
        }
        return pos
    }

    /// Encodes values with block size 128 and 4 miniblocks (pyarrow's INT32 layout).
    static func encode(_ values: UnsafeBufferPointer<Int64>, into out: inout [UInt8], blockSize: Int = 128, miniblocks: Int = 4) {
        func uvarint(_ v: UInt64) {
            var v = v
            while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
            out.append(UInt8(v))
        }
        func zz(_ v: Int64) { uvarint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        uvarint(UInt64(blockSize))
        uvarint(UInt64(miniblocks))
        uvarint(UInt64(values.count))
        guard let first = values.first else { zz(0); return }
        zz(first)
        let perMini = blockSize / miniblocks
        var i = 1
        var deltas = [Int64](repeating: 0, count: blockSize)
        while i < values.count {
            let n = min(blockSize, values.count - i)
            var minDelta = Int64.max
            for k in 0..<n {
                let d = values[i + k] &- values[i + k - 1]
                deltas[k] = d
                minDelta = Swift.min(minDelta, d)
            }
            zz(minDelta)
            var widths = [Int](repeating: 0, count: miniblocks)
            for m in 0..<miniblocks {
                let s = m * perMini
                guard s < n else { break }
                var maxv: UInt64 = 0
                for k in s..<Swift.min(s + perMini, n) { maxv = Swift.max(maxv, UInt64(bitPattern: deltas[k] &- minDelta)) }
                widths[m] = maxv == 0 ? 0 : 64 - maxv.leadingZeroBitCount
            }
            for w in widths { out.append(UInt8(w)) }
            for m in 0..<miniblocks {
                let s = m * perMini
                guard s < n else { break }
                var bw = BitWriter()
                for k in s..<(s + perMini) {
                    let v = k < n ? UInt64(bitPattern: deltas[k] &- minDelta) : 0
                    bw.write(v, width: widths[m])
                }
                bw.flush()
                out.append(contentsOf: bw.bytes)
            }
            i += n
        }
    }
}
