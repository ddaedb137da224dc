/// Decoder of the RLE / bit-packing hybrid encoding (levels, dictionary indices, booleans).
struct RLEHybridDecoder {
    private let data: UnsafePointer<UInt8>?
    private let length: Int
    let bitWidth: Int
    private var pos = 0
    private var rleRemaining = 0
    private var rleValue: UInt64 = 0
    private var packedRemaining = 0
    private var packedBitPos = 0
    private var packedStart = 0
    private var packedBytes = 0

    init(_ buffer: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard (0...32).contains(bitWidth) else { throw ParquetError.corrupt("RLE bit width \(bitWidth) is out of range 0...32") }
        data = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        length = buffer.count
        self.bitWidth = bitWidth
    }

    /// Bytes consumed so far (meaningful after all values were read).
    var consumed: Int { packedRemaining > 0 ? packedStart + packedBytes : pos }

    private mutating func readVarint(_ p: UnsafePointer<UInt8>) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < length else { throw ParquetError.corrupt("RLE run header truncated") }
            let b = p[pos]
            pos += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ParquetError.corrupt("RLE run header varint too long") }
        }
    }

    private mutating func nextRun() throws {
        guard let p = data, pos < length else {
            throw ParquetError.corrupt("RLE/bit-packed data ends before all values were read")
        }
        let header = try readVarint(p)
        if header & 1 == 0 {
            let count = header >> 1
            guard count > 0, count <= UInt64(Int32.max) else { throw ParquetError.corrupt("RLE run length \(count) is invalid") }
            let nbytes = (bitWidth + 7) / 8
            guard length - pos >= nbytes else { throw ParquetError.corrupt("RLE run value truncated") }
            var v: UInt64 = 0
            for i in 0..<nbytes { v |= UInt64(p[pos + i]) << (8 * UInt64(i)) }
            pos += nbytes
            rleValue = v
            rleRemaining = Int(count)
        } else {
            let groups = header >> 1
            guard groups > 0, groups <= UInt64(Int32.max) / 8 else { throw ParquetError.corrupt("bit-packed run of \(groups) groups is invalid") }
            let wantBytes = Int(groups) * bitWidth
            let have = min(wantBytes, length - pos)
            packedStart = pos
            packedBytes = have
            packedBitPos = 0
            // A final run may be cut short by the writer; only the bytes present are usable.
            packedRemaining = bitWidth == 0 ? Int(groups) * 8 : min(Int(groups) * 8, have * 8 / bitWidth)
            guard packedRemaining > 0 else { throw ParquetError.corrupt("bit-packed run is truncated") }
            pos += have
        }
    }

    /// Decodes exactly `count` values into `out`, failing if a value exceeds `maxValue`.
    mutating func decode<T: FixedWidthInteger>(into out: UnsafeMutablePointer<T>, count: Int, maxValue: UInt64 = .max) throws {
        var i = 0
        while i < count {
            if rleRemaining == 0 && packedRemaining == 0 { try nextRun() }
            if rleRemaining > 0 {
                guard rleValue <= maxValue else { throw ParquetError.corrupt("RLE value \(rleValue) exceeds the maximum \(maxValue)") }
                let n = min(rleRemaining, count - i)
                let v = T(truncatingIfNeeded: rleValue)
                (out + i).initialize(repeating: v, count: n)
                i += n
                rleRemaining -= n
            } else {
                let n = min(packedRemaining, count - i)
                guard let p = data else { throw ParquetError.corrupt("bit-packed data missing") }
                let base = p + packedStart
                var bp = packedBitPos
                let w = bitWidth
                var anyOver = false
                for k in 0..<n {
                    let v = BitReader.read(base, byteCount: packedBytes, bitPos: bp, width: w)
                    anyOver = anyOver || v > maxValue
                    out[i + k] = T(truncatingIfNeeded: v)
                    bp += w
                }
                if anyOver { throw ParquetError.corrupt("bit-packed value exceeds the maximum \(maxValue)") }
                packedBitPos = bp
                i += n
                packedRemaining -= n
            }
        }
    }
}
