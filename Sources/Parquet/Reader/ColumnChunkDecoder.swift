/// Decodes the pages of one column chunk into levels and values.
struct ColumnChunkDecoder {
    let column: ColumnDescriptor
    let meta: ColumnMetaData
    /// Number of rows in the row group (bounds entries for flat columns).
    let rowCount: Int

    /// Entry count always accepted for a column chunk, however small.
    static let minEntryCap = 1 << 22

    /// Largest page we accept relative to its stored size (decompression bomb guard).
    static func maxUncompressed(_ compressed: Int) -> Int {
        max(16 << 20, compressed.multipliedReportingOverflow(by: 1100).overflow ? Int.max : compressed * 1100)
    }

    /// Decodes the chunk bytes (which start at the chunk's first page).
    func decode(_ chunk: [UInt8]) throws -> ColumnData {
        let totalEntries = try checkedEntryCount(storedBytes: chunk.count)
        var state = PageDecodingState(column: column, codec: meta.codec, byteLimit: Self.byteLimit(storedBytes: chunk.count))
        if column.physicalType == .byteArray {
            let guess = max(0, min(Int(clamping: meta.totalUncompressedSize), state.values.byteLimit,
                                   chunk.count.multipliedReportingOverflow(by: 16).partialValue))
            state.values.bytes.reserveCapacity(guess)
            state.values.offsets.reserveCapacity(min(totalEntries, chunk.count) + 1)
        }
        var entries = 0
        var pos = 0
        while entries < totalEntries {
            guard pos < chunk.count else {
                throw ParquetError.corrupt("column chunk ends after \(entries) of \(totalEntries) values")
            }
            var r = ThriftCompactReader(bytes: chunk, start: pos)
            let header = try PageHeader(thrift: &r)
            let bodyStart = r.position
            let size = try Self.checkedPageSize(header, available: chunk.count - bodyStart)
            pos = bodyStart + size
            entries += try chunk.withUnsafeBytes { all in
                try state.decodePage(header, body: UnsafeRawBufferPointer(rebasing: all[bodyStart..<(bodyStart + size)]),
                                     remaining: totalEntries - entries)
            }
        }
        return ColumnData(descriptor: column, definitionLevels: state.defLevels, repetitionLevels: state.repLevels,
                          values: state.values.finish(), entryCount: entries)
    }

    /// The chunk's entry count, checked against the row count and the stored bytes.
    func checkedEntryCount(storedBytes: Int) throws -> Int {
        guard meta.numValues >= 0 else { throw ParquetError.corrupt("negative num_values") }
        if column.maxRepetitionLevel == 0 && meta.numValues != Int64(rowCount) {
            throw ParquetError.corrupt("column has \(meta.numValues) values but the row group has \(rowCount) rows")
        }
        // Levels cost a byte per entry even when RLE stores millions in a few bytes; refuse counts
        // no real writer produces for this many stored bytes.
        let entryCap = max(Self.minEntryCap, storedBytes.multipliedReportingOverflow(by: 8192).overflow ? Int.max : storedBytes * 8192)
        guard meta.numValues <= Int64(entryCap) else {
            throw ParquetError.corrupt("column chunk claims \(meta.numValues) values in only \(storedBytes) bytes")
        }
        return Int(meta.numValues)
    }

    /// Cap on decoded byte-array data for a chunk of `storedBytes` (decompression bomb guard).
    static func byteLimit(storedBytes: Int) -> Int {
        max(256 << 20, storedBytes.multipliedReportingOverflow(by: 64).overflow ? Int.max : storedBytes * 64)
    }

    /// The page's stored size, checked against the bytes `available` after its header.
    static func checkedPageSize(_ header: PageHeader, available: Int) throws -> Int {
        let size = Int(header.compressedPageSize)
        guard size >= 0, size <= available else {
            throw ParquetError.corrupt("page of \(size) bytes runs past the end of the column chunk")
        }
        let uncompressed = Int(header.uncompressedPageSize)
        guard uncompressed <= maxUncompressed(size) else {
            throw ParquetError.corrupt("page claims \(uncompressed) uncompressed bytes from \(size) stored bytes")
        }
        return size
    }

    /// Runs `body` on the decompressed page, reusing `scratch` (no copy when uncompressed).
    static func withPage(_ codec: CompressionCodec, _ stored: UnsafeRawBufferPointer, _ size: Int, _ scratch: inout [UInt8],
                         _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if codec == .uncompressed {
            guard stored.count == size else {
                throw ParquetError.corrupt("uncompressed page has \(stored.count) bytes but the header says \(size)")
            }
            try body(stored)
            return
        }
        if scratch.count < size { scratch = [UInt8](repeating: 0, count: max(size, scratch.count * 2)) }
        try scratch.withUnsafeMutableBytes { buf in
            let out = UnsafeMutableRawBufferPointer(rebasing: buf[0..<size])
            try PageCompression.decompress(codec, stored, into: out)
            try body(UnsafeRawBufferPointer(out))
        }
    }

    static func checkCount(_ n: Int, remaining: Int, pageBytes: Int) throws {
        guard n >= 0, n <= remaining else {
            throw ParquetError.corrupt("page holds \(n) values but only \(remaining) of the chunk's values remain")
        }
        let (cap, overflow) = (pageBytes + 1).multipliedReportingOverflow(by: 65536)
        guard overflow || n <= cap else {
            throw ParquetError.corrupt("page claims \(n) values in only \(pageBytes) bytes")
        }
    }

    static func countPresent(_ levels: [UInt8], from start: Int, maxDef: Int) -> Int {
        let m = UInt8(maxDef)
        var c = 0
        levels.withUnsafeBufferPointer { buf in
            for i in start..<buf.count where buf[i] == m { c += 1 }
        }
        return c
    }

    /// Reads RLE hybrid levels (no length prefix) and appends them.
    static func readHybrid(_ src: UnsafeRawBufferPointer, maxLevel: Int, count n: Int, into levels: inout [UInt8]) throws {
        guard n > 0 else { return }
        let width = Int.bitWidth - maxLevel.leadingZeroBitCount
        var decoder = try RLEHybridDecoder(src, bitWidth: width)
        let old = levels.count
        levels.append(contentsOf: repeatElement(0, count: n))
        try levels.withUnsafeMutableBufferPointer { buf in
            try decoder.decode(into: buf.baseAddress! + old, count: n, maxValue: UInt64(maxLevel))
        }
    }

    /// Reads V1 levels (RLE with a 4-byte length, or legacy BIT_PACKED); returns bytes used.
    static func readV1Levels(_ page: UnsafeRawBufferPointer, from off: Int, encoding: Encoding, maxLevel: Int, count n: Int,
                             into levels: inout [UInt8]) throws -> Int {
        let width = Int.bitWidth - maxLevel.leadingZeroBitCount
        switch encoding {
        case .rle:
            guard page.count - off >= 4 else { throw ParquetError.corrupt("level length prefix truncated") }
            let len = Int(page.loadUnaligned(fromByteOffset: off, as: UInt32.self).littleEndian)
            guard len <= page.count - off - 4 else { throw ParquetError.corrupt("levels of \(len) bytes run past the page") }
            try readHybrid(UnsafeRawBufferPointer(rebasing: page[(off + 4)..<(off + 4 + len)]), maxLevel: maxLevel, count: n, into: &levels)
            return 4 + len
        case .bitPacked:
            guard n > 0 else { return 0 }
            let bytes = (n * width + 7) / 8
            guard bytes <= page.count - off else { throw ParquetError.corrupt("BIT_PACKED levels run past the page") }
            let p = page.baseAddress!.assumingMemoryBound(to: UInt8.self) + off
            levels.reserve(additional: n)
            for i in 0..<n {
                var v = 0
                for b in 0..<width {
                    let bit = i * width + b
                    v = v << 1 | Int(p[bit >> 3] >> UInt8(7 - bit & 7) & 1)
                }
                guard v <= maxLevel else { throw ParquetError.corrupt("level \(v) exceeds the maximum \(maxLevel)") }
                levels.append(UInt8(v))
            }
            return bytes
        default:
            throw ParquetError.unsupported("level encoding \(encoding)")
        }
    }
}
