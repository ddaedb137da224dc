/// Buffers, encodes and compresses one leaf column of the row group being written.
struct ColumnWriter {
    let column: ColumnDescriptor
    let kind: LeafConverter.Kind
    let options: ParquetWriterOptions

    // Current page.
    var defLevels: [UInt8] = []
    var repLevels: [UInt8] = []
    var values: ValueBuffers
    var dictIndices: [UInt32] = []
    var pageEntries = 0
    var pageNulls = 0
    var pageRows = 0

    // Current chunk.
    var dictionary: ByteArrayDictionary?
    var dictionaryFellBack = false
    /// Encoded pages (header and body alternate) of the current chunk.
    var pages: [[UInt8]] = []
    var pagesCompressed = 0
    var pagesUncompressed = 0
    /// Non-null values in the current page of a PLAIN byte-array column (stored length-prefixed in `values.bytes`).
    var plainByteArrayCount = 0
    var chunkEntries = 0
    var usedPlain = false
    var stats: ColumnStatisticsBuilder

    init(column: ColumnDescriptor, options: ParquetWriterOptions) {
        self.column = column
        self.kind = LeafConverter(column).kind
        self.options = options
        values = ValueBuffers(type: column.physicalType, width: column.typeLength)
        stats = ColumnStatisticsBuilder(column: column, kind: kind)
        resetDictionary()
    }

    private mutating func resetDictionary() {
        let isBytes = column.physicalType == .byteArray || column.physicalType == .fixedLenByteArray
        dictionary = options.dictionaryEnabled && isBytes ? ByteArrayDictionary() : nil
        dictionaryFellBack = false
    }

    /// Approximate encoded bytes buffered for the current page.
    var pageBytes: Int {
        let v: Int
        if dictionary != nil && !dictionaryFellBack {
            v = dictIndices.count * 2
        } else {
            switch column.physicalType {
            case .boolean: v = values.bools.count / 8
            case .int32: v = values.i32.count * 4
            case .float: v = values.f32.count * 4
            case .int64: v = values.i64.count * 8
            case .double: v = values.f64.count * 8
            case .int96: v = values.i96.count * 12
            case .byteArray: v = values.bytes.count
            case .fixedLenByteArray: v = values.bytes.count
            }
        }
        return v + defLevels.count / 4 + repLevels.count / 4
    }

    /// Approximate bytes buffered for the chunk (pages written so far plus the current page).
    var chunkBytes: Int { pagesUncompressed + pageBytes + (dictionary?.byteSize ?? 0) }

    // MARK: Appending

    @inline(__always)
    mutating func appendLevels(rep: Int, def: Int) {
        if column.maxRepetitionLevel > 0 {
            repLevels.append(UInt8(rep))
            if rep == 0 { pageRows += 1 }
        } else {
            pageRows += 1
        }
        if column.maxDefinitionLevel > 0 { defLevels.append(UInt8(def)) }
        pageEntries += 1
    }

    /// Appends a null (or empty-list) entry.
    mutating func appendNull(rep: Int, def: Int) {
        appendLevels(rep: rep, def: def)
        pageNulls += 1
        stats.nullCount += 1
    }

    /// Appends raw bytes to a byte-array column (dictionary or plain).
    @inline(__always)
    mutating func appendBytes(_ b: UnsafeRawBufferPointer) throws {
        if column.physicalType == .fixedLenByteArray && b.count != column.typeLength {
            throw ParquetError.invalid("column '\(column.dottedPath)' holds \(column.typeLength)-byte values but got \(b.count) bytes")
        }
        if dictionary != nil && !dictionaryFellBack {
            let before = dictionary!.count
            let idx = dictionary!.index(of: b)
            if dictionary!.count != before { stats.add(bytes: b) }
            dictIndices.append(idx)
        } else if column.physicalType == .byteArray {
            // PLAIN layout directly: u32 length, then the bytes.
            let n = UInt32(truncatingIfNeeded: b.count)
            values.bytes.append(UInt8(n & 0xFF))
            values.bytes.append(UInt8((n >> 8) & 0xFF))
            values.bytes.append(UInt8((n >> 16) & 0xFF))
            values.bytes.append(UInt8(n >> 24))
            values.bytes.append(contentsOf: b)
            plainByteArrayCount += 1
            stats.add(bytes: b)
        } else {
            values.bytes.append(contentsOf: b)
            values.offsets.append(values.bytes.count)
            stats.add(bytes: b)
        }
    }

    // MARK: Pages

    mutating func flushPage() throws {
        guard pageEntries > 0 else { return }
        var body: [UInt8] = []
        let isV2 = options.dataPageVersion == 2
        var repBytes: [UInt8] = []
        var defBytes: [UInt8] = []
        if column.maxRepetitionLevel > 0 { repBytes = Self.encodeLevels(repLevels, maxLevel: column.maxRepetitionLevel) }
        if column.maxDefinitionLevel > 0 { defBytes = Self.encodeLevels(defLevels, maxLevel: column.maxDefinitionLevel) }
        let encoding: Encoding
        var valueBytes: [UInt8] = []
        // A page with no values yet in the dictionary (all nulls so far) is written PLAIN: a
        // dictionary-encoded page needs a dictionary page, and an empty dictionary is not written.
        if let d = dictionary, !dictionaryFellBack, d.count > 0 {
            encoding = .rleDictionary
            let width = max(1, Int.bitWidth - (dictionary!.count - 1).leadingZeroBitCount)
            var enc = RLEHybridEncoder(bitWidth: width)
            for i in dictIndices { enc.append(UInt64(i)) }
            valueBytes.append(UInt8(width))
            valueBytes.append(contentsOf: enc.finish())
        } else {
            encoding = .plain
            usedPlain = true
            valueBytes = column.physicalType == .byteArray ? values.bytes : encodePlain(values)
        }
        let compressedValues: [UInt8]
        var isCompressed = true
        let uncompressedSize: Int
        if isV2 {
            let c = options.compression == .uncompressed ? valueBytes
                : try valueBytes.withUnsafeBytes { try PageCompression.compress(options.compression, $0) }
            if options.compression != .uncompressed && c.count < valueBytes.count {
                compressedValues = c
            } else {
                compressedValues = valueBytes
                isCompressed = false
            }
            body = repBytes + defBytes + compressedValues
            uncompressedSize = repBytes.count + defBytes.count + valueBytes.count
        } else {
            if column.maxRepetitionLevel == 0 && column.maxDefinitionLevel == 0 {
                // No levels: the values are the whole page.
                uncompressedSize = valueBytes.count
                body = options.compression == .uncompressed ? valueBytes
                    : try valueBytes.withUnsafeBytes { try PageCompression.compress(options.compression, $0) }
            } else {
                var raw: [UInt8] = []
                raw.reserveCapacity(repBytes.count + defBytes.count + valueBytes.count + 8)
                if column.maxRepetitionLevel > 0 { Self.appendLength(repBytes.count, &raw); raw += repBytes }
                if column.maxDefinitionLevel > 0 { Self.appendLength(defBytes.count, &raw); raw += defBytes }
                raw += valueBytes
                uncompressedSize = raw.count
                body = options.compression == .uncompressed ? raw
                    : try raw.withUnsafeBytes { try PageCompression.compress(options.compression, $0) }
            }
        }
        guard uncompressedSize <= Int(Int32.max), body.count <= Int(Int32.max), pageEntries <= Int(Int32.max) else {
            throw ParquetError.invalid("column '\(column.dottedPath)': a page exceeds 2 GiB; lower dataPageSize")
        }
        var header: PageHeader
        if isV2 {
            header = PageHeader(type: .dataPageV2, uncompressedPageSize: Int32(uncompressedSize), compressedPageSize: Int32(body.count))
            header.dataPageHeaderV2 = DataPageHeaderV2(numValues: Int32(pageEntries), numNulls: Int32(pageNulls), numRows: Int32(pageRows),
                                                       encoding: encoding, definitionLevelsByteLength: Int32(defBytes.count),
                                                       repetitionLevelsByteLength: Int32(repBytes.count), isCompressed: isCompressed,
                                                       statistics: nil)
        } else {
            header = PageHeader(type: .dataPage, uncompressedPageSize: Int32(uncompressedSize), compressedPageSize: Int32(body.count))
            header.dataPageHeader = DataPageHeader(numValues: Int32(pageEntries), encoding: encoding, definitionLevelEncoding: .rle,
                                                   repetitionLevelEncoding: .rle, statistics: nil)
        }
        var w = ThriftCompactWriter()
        w.structValue { header.write(&$0) }
        pages.append(w.bytes)
        pages.append(body)
        pagesCompressed += w.bytes.count + body.count
        pagesUncompressed += w.bytes.count + uncompressedSize
        chunkEntries += pageEntries
        defLevels.removeAll(keepingCapacity: true)
        repLevels.removeAll(keepingCapacity: true)
        dictIndices.removeAll(keepingCapacity: true)
        valueBytes = []
        values.clear()
        pageEntries = 0
        pageNulls = 0
        pageRows = 0
        plainByteArrayCount = 0
        // Switch to PLAIN for the rest of the chunk once the dictionary is too large.
        if let d = dictionary, !dictionaryFellBack, d.byteSize > options.dictionaryPageSizeLimit {
            dictionaryFellBack = true
        }
    }

    /// Whether the current page should be closed (called at row boundaries).
    var pageIsFull: Bool {
        if pageBytes >= options.dataPageSize { return true }
        if let d = dictionary, !dictionaryFellBack, d.byteSize > options.dictionaryPageSizeLimit { return true }
        return false
    }

    static func appendLength(_ n: Int, _ out: inout [UInt8]) {
        let v = UInt32(truncatingIfNeeded: n)
        out += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }

    static func encodeLevels(_ levels: [UInt8], maxLevel: Int) -> [UInt8] {
        var enc = RLEHybridEncoder(bitWidth: Int.bitWidth - maxLevel.leadingZeroBitCount)
        var i = 0
        let n = levels.count
        levels.withUnsafeBufferPointer { l in
            while i < n {
                var j = i + 1
                while j < n && l[j] == l[i] { j += 1 }
                enc.append(UInt64(l[i]), count: j - i)
                i = j
            }
        }
        return enc.finish()
    }

    func encodePlain(_ v: ValueBuffers) -> [UInt8] {
        switch column.physicalType {
        case .boolean:
            var out = [UInt8](repeating: 0, count: (v.bools.count + 7) / 8)
            for (i, b) in v.bools.enumerated() where b { out[i >> 3] |= 1 << UInt8(i & 7) }
            return out
        case .int32: return v.i32.withUnsafeBytes { Array($0) }
        case .int64: return v.i64.withUnsafeBytes { Array($0) }
        case .float: return v.f32.withUnsafeBytes { Array($0) }
        case .double: return v.f64.withUnsafeBytes { Array($0) }
        case .int96:
            var out: [UInt8] = []
            out.reserveCapacity(v.i96.count * 12)
            for x in v.i96 {
                withUnsafeBytes(of: x.nanosOfDay.littleEndian) { out += $0 }
                withUnsafeBytes(of: x.julianDay.littleEndian) { out += $0 }
            }
            return out
        case .fixedLenByteArray: return v.bytes
        case .byteArray:
            let n = v.offsets.count - 1
            return [UInt8](unsafeUninitializedCapacity: v.bytes.count + 4 * n) { buf, initialized in
                var o = 0
                v.bytes.withUnsafeBytes { src in
                    for i in 0..<n {
                        let s = v.offsets[i], e = v.offsets[i + 1]
                        let l = UInt32(e - s)
                        buf[o] = UInt8(l & 0xFF); buf[o + 1] = UInt8((l >> 8) & 0xFF)
                        buf[o + 2] = UInt8((l >> 16) & 0xFF); buf[o + 3] = UInt8(l >> 24)
                        o += 4
                        if e > s { UnsafeMutableRawPointer(buf.baseAddress! + o).copyMemory(from: src.baseAddress! + s, byteCount: e - s) }
                        o += e - s
                    }
                }
                initialized = o
            }
        }
    }

    // MARK: Chunk

    /// Finishes the chunk: returns its bytes (dictionary page first) and metadata for `offset`.
    mutating func finishChunk(at offset: Int) throws -> (parts: [[UInt8]], meta: ColumnMetaData) {
        try flushPage()
        var out: [[UInt8]] = []
        var size = 0
        var uncompressedTotal = pagesUncompressed
        var dictOffset: Int64?
        var encodings: [Encoding] = [.rle]
        if let d = dictionary, d.count > 0 {
            var dv = ValueBuffers(type: column.physicalType, width: column.typeLength)
            dv.bytes = d.entries.data
            dv.offsets = d.entries.offsets
            let raw = encodePlain(dv)
            let body = try raw.withUnsafeBytes { try PageCompression.compress(options.compression, $0) }
            var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: Int32(raw.count), compressedPageSize: Int32(body.count))
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(d.count), encoding: .plain, isSorted: nil)
            var w = ThriftCompactWriter()
            w.structValue { header.write(&$0) }
            out.append(w.bytes)
            out.append(body)
            size += w.bytes.count + body.count
            uncompressedTotal += w.bytes.count + raw.count
            dictOffset = Int64(offset)
            encodings.append(.plain)
            encodings.append(.rleDictionary)
        } else {
            encodings.append(.plain)
        }
        if usedPlain && !encodings.contains(.plain) { encodings.append(.plain) }
        let dataOffset = offset + size
        out += pages
        size += pagesCompressed
        var meta = ColumnMetaData(type: column.physicalType, encodings: encodings.sorted { $0.rawValue < $1.rawValue },
                                  pathInSchema: column.path, codec: options.compression, numValues: Int64(chunkEntries),
                                  totalUncompressedSize: Int64(uncompressedTotal), totalCompressedSize: Int64(size),
                                  dataPageOffset: Int64(dataOffset))
        meta.dictionaryPageOffset = dictOffset
        if options.writeStatistics { meta.statistics = stats.build() }
        // Reset for the next row group.
        pages = []
        pagesCompressed = 0
        pagesUncompressed = 0
        chunkEntries = 0
        usedPlain = false
        stats = ColumnStatisticsBuilder(column: column, kind: kind)
        resetDictionary()
        return (out, meta)
    }
}
