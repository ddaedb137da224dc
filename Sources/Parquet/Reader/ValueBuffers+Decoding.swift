/// Value-section decoders for every supported encoding.
extension ValueBuffers {
    /// Decodes `n` values of `encoding` from `src`, appending them.
    mutating func decode(_ encoding: Encoding, _ src: UnsafeRawBufferPointer, count n: Int, dictionary: ValueBuffers?) throws {
        switch encoding {
        case .plain:
            try decodePlain(src, count: n)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else {
                throw ParquetError.corrupt("a dictionary-encoded page appears without a dictionary page")
            }
            try decodeDictionary(src, count: n, dictionary: dictionary)
        case .rle:
            guard type == .boolean else { throw ParquetError.unsupported("RLE value encoding is only valid for BOOLEAN columns") }
            try decodeRLEBooleans(src, count: n)
        case .deltaBinaryPacked:
            try decodeDeltaBinaryPacked(src, count: n)
        case .deltaLengthByteArray:
            guard type == .byteArray else { throw ParquetError.unsupported("DELTA_LENGTH_BYTE_ARRAY is only valid for BYTE_ARRAY columns") }
            _ = try decodeDeltaLength(src, count: n)
        case .deltaByteArray:
            try decodeDeltaByteArray(src, count: n)
        case .byteStreamSplit:
            try decodeByteStreamSplit(src, count: n)
        default:
            throw ParquetError.unsupported("value encoding \(encoding) is not supported")
        }
    }

    private func need(_ n: Int, _ size: Int, _ available: Int, _ what: String) throws -> Int {
        let (total, overflow) = n.multipliedReportingOverflow(by: size)
        guard !overflow, total <= available else {
            throw ParquetError.corrupt("\(what): \(n) values need \(overflow ? "too many" : String(total)) bytes but the page has \(available)")
        }
        return total
    }

    mutating func decodePlain(_ src: UnsafeRawBufferPointer, count n: Int) throws {
        guard n > 0 else { return }
        guard let base = src.baseAddress else { throw ParquetError.corrupt("PLAIN values missing: page is empty but \(n) values are expected") }
        switch type {
        case .boolean:
            _ = try need((n + 7) / 8, 1, src.count, "PLAIN BOOLEAN")
            bools.reserve(additional: n)
            let p = base.assumingMemoryBound(to: UInt8.self)
            for i in 0..<n { bools.append(p[i >> 3] >> UInt8(i & 7) & 1 == 1) }
        case .int32:
            _ = try need(n, 4, src.count, "PLAIN INT32")
            appendRaw(&i32, from: base, count: n)
        case .int64:
            _ = try need(n, 8, src.count, "PLAIN INT64")
            appendRaw(&i64, from: base, count: n)
        case .float:
            _ = try need(n, 4, src.count, "PLAIN FLOAT")
            appendRaw(&f32, from: base, count: n)
        case .double:
            _ = try need(n, 8, src.count, "PLAIN DOUBLE")
            appendRaw(&f64, from: base, count: n)
        case .int96:
            _ = try need(n, 12, src.count, "PLAIN INT96")
            i96.reserve(additional: n)
            for i in 0..<n {
                i96.append(Int96(nanosOfDay: base.loadUnaligned(fromByteOffset: i * 12, as: UInt64.self),
                                 julianDay: base.loadUnaligned(fromByteOffset: i * 12 + 8, as: UInt32.self)))
            }
        case .fixedLenByteArray:
            let total = try need(n, width, src.count, "PLAIN FIXED_LEN_BYTE_ARRAY")
            try checkByteLimit(adding: total)
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: base, count: total))
            offsets.reserve(additional: n)
            var o = offsets[offsets.count - 1]
            for _ in 0..<n {
                o += width
                offsets.append(o)
            }
        case .byteArray:
            _ = try need(n, 4, src.count, "PLAIN BYTE_ARRAY")
            try checkByteLimit(adding: src.count)
            bytes.reserve(additional: src.count - 4 * n)
            offsets.reserve(additional: n)
            let p = base.assumingMemoryBound(to: UInt8.self)
            let len = src.count
            var pos = 0
            var failed = false
            for _ in 0..<n {
                guard len - pos >= 4 else { failed = true; break }
                let l = Int(base.loadUnaligned(fromByteOffset: pos, as: UInt32.self).littleEndian)
                pos += 4
                guard l <= len - pos else { failed = true; break }
                bytes.append(contentsOf: UnsafeBufferPointer(start: p + pos, count: l))
                pos += l
                offsets.append(bytes.count)
            }
            if failed { throw ParquetError.corrupt("PLAIN BYTE_ARRAY value runs past the end of the page") }
        }
    }

    mutating func decodeDictionary(_ src: UnsafeRawBufferPointer, count n: Int, dictionary: ValueBuffers) throws {
        guard n > 0 else { return }
        guard src.count >= 1 else { throw ParquetError.corrupt("dictionary-encoded page has no bit width byte") }
        let bitWidth = Int(src[0])
        let dictCount = dictionary.count
        guard dictCount > 0 else { throw ParquetError.corrupt("dictionary-encoded page refers to an empty dictionary") }
        var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: src[1...]), bitWidth: bitWidth)
        var indices = [UInt32](repeating: 0, count: n)
        try indices.withUnsafeMutableBufferPointer { buf in
            try decoder.decode(into: buf.baseAddress!, count: n, maxValue: UInt64(dictCount - 1))
        }
        try gather(indices, from: dictionary)
    }

    /// Appends `dictionary[i]` for each index (indices already validated).
    mutating func gather(_ indices: [UInt32], from d: ValueBuffers) throws {
        let n = indices.count
        switch type {
        case .boolean: bools.reserve(additional: n); for i in indices { bools.append(d.bools[Int(i)]) }
        case .int32: i32.reserve(additional: n); for i in indices { i32.append(d.i32[Int(i)]) }
        case .int64: i64.reserve(additional: n); for i in indices { i64.append(d.i64[Int(i)]) }
        case .int96: i96.reserve(additional: n); for i in indices { i96.append(d.i96[Int(i)]) }
        case .float: f32.reserve(additional: n); for i in indices { f32.append(d.f32[Int(i)]) }
        case .double: f64.reserve(additional: n); for i in indices { f64.append(d.f64[Int(i)]) }
        case .byteArray, .fixedLenByteArray:
            var total = 0
            d.offsets.withUnsafeBufferPointer { off in
                for i in indices { total &+= off[Int(i) + 1] - off[Int(i)] }
            }
            try checkByteLimit(adding: total)
            bytes.reserve(additional: total)
            offsets.reserve(additional: n)
            d.bytes.withUnsafeBufferPointer { db in
                d.offsets.withUnsafeBufferPointer { off in
                    for i in indices {
                        let s = off[Int(i)], e = off[Int(i) + 1]
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: db[s..<e]))
                        offsets.append(bytes.count)
                    }
                }
            }
        }
    }

    mutating func decodeRLEBooleans(_ src: UnsafeRawBufferPointer, count n: Int) throws {
        guard n > 0 else { return }
        guard src.count >= 4 else { throw ParquetError.corrupt("RLE BOOLEAN values miss their length prefix") }
        let len = Int(src.loadUnaligned(as: UInt32.self).littleEndian)
        guard len <= src.count - 4 else { throw ParquetError.corrupt("RLE BOOLEAN length \(len) exceeds the page") }
        var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: src[4..<(4 + len)]), bitWidth: 1)
        var tmp = [UInt8](repeating: 0, count: n)
        try tmp.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: n, maxValue: 1) }
        bools.reserve(additional: n)
        for b in tmp { bools.append(b == 1) }
    }

    mutating func decodeDeltaBinaryPacked(_ src: UnsafeRawBufferPointer, count n: Int) throws {
        var vals: [Int64] = []
        try DeltaBinaryPacked.decode(src, maxCount: n, into: &vals)
        guard vals.count == n else { throw ParquetError.corrupt("DELTA_BINARY_PACKED holds \(vals.count) values, expected \(n)") }
        switch type {
        case .int32:
            i32.reserve(additional: n)
            for v in vals { i32.append(Int32(truncatingIfNeeded: v)) }
        case .int64:
            i64.append(contentsOf: vals)
        default:
            throw ParquetError.unsupported("DELTA_BINARY_PACKED is only valid for INT32/INT64 columns")
        }
    }

    /// DELTA_LENGTH_BYTE_ARRAY: lengths, then concatenated bytes. Returns bytes consumed.
    mutating func decodeDeltaLength(_ src: UnsafeRawBufferPointer, count n: Int) throws -> Int {
        var lengths: [Int64] = []
        let used = try DeltaBinaryPacked.decode(src, maxCount: n, into: &lengths)
        guard lengths.count == n else { throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY holds \(lengths.count) lengths, expected \(n)") }
        var pos = used
        let total = src.count
        var sum = 0
        for l in lengths {
            guard l >= 0, l <= Int64(total) else { throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY length \(l) is invalid") }
            sum += Int(l)
            guard sum <= total - pos else { throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY data runs past the page") }
        }
        try checkByteLimit(adding: sum)
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: src[pos..<(pos + sum)]))
        var o = offsets[offsets.count - 1]
        offsets.reserve(additional: n)
        for l in lengths {
            o += Int(l)
            offsets.append(o)
        }
        pos += sum
        return pos
    }

    mutating func decodeDeltaByteArray(_ src: UnsafeRawBufferPointer, count n: Int) throws {
        guard type == .byteArray || type == .fixedLenByteArray else {
            throw ParquetError.unsupported("DELTA_BYTE_ARRAY is only valid for byte-array columns")
        }
        var prefixes: [Int64] = []
        let used = try DeltaBinaryPacked.decode(src, maxCount: n, into: &prefixes)
        guard prefixes.count == n else { throw ParquetError.corrupt("DELTA_BYTE_ARRAY holds \(prefixes.count) prefix lengths, expected \(n)") }
        var suffixes = ValueBuffers(type: .byteArray, width: 0, byteLimit: byteLimit)
        _ = try suffixes.decodeDeltaLength(UnsafeRawBufferPointer(rebasing: src[used...]), count: n)
        var prevStart = -1, prevEnd = -1
        for i in 0..<n {
            let p = prefixes[i]
            let prevLen = prevStart < 0 ? 0 : prevEnd - prevStart
            guard p >= 0, p <= Int64(prevLen) else { throw ParquetError.corrupt("DELTA_BYTE_ARRAY prefix length \(p) exceeds the previous value") }
            let sLen = suffixes.offsets[i + 1] - suffixes.offsets[i]
            try checkByteLimit(adding: Int(p) + sLen)
            let start = bytes.count
            if p > 0 {
                for k in 0..<Int(p) { bytes.append(bytes[prevStart + k]) }
            }
            bytes.append(contentsOf: suffixes.bytes[suffixes.offsets[i]..<suffixes.offsets[i + 1]])
            offsets.append(bytes.count)
            prevStart = start
            prevEnd = bytes.count
            if type == .fixedLenByteArray && prevEnd - prevStart != width {
                throw ParquetError.corrupt("DELTA_BYTE_ARRAY value has \(prevEnd - prevStart) bytes, expected \(width)")
            }
        }
    }

    mutating func decodeByteStreamSplit(_ src: UnsafeRawBufferPointer, count n: Int) throws {
        let k: Int
        switch type {
        case .float, .int32: k = 4
        case .double, .int64: k = 8
        case .fixedLenByteArray: k = width
        default: throw ParquetError.unsupported("BYTE_STREAM_SPLIT is not valid for \(type) columns")
        }
        let total = try need(n, k, src.count, "BYTE_STREAM_SPLIT")
        guard n > 0 else { return }
        var tmp = [UInt8](repeating: 0, count: total)
        tmp.withUnsafeMutableBufferPointer { dst in
            for i in 0..<n {
                for j in 0..<k { dst[i * k + j] = src[j * n + i] }
            }
        }
        try tmp.withUnsafeBytes { try decodePlain($0, count: n) }
    }
}
