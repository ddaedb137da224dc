/// What decoding one column chunk's pages needs between pages: the dictionary, a decompression
/// scratch buffer, and the levels and values decoded so far (which a stream empties between windows).
struct PageDecodingState {
    let column: ColumnDescriptor
    let codec: CompressionCodec
    var values: ValueBuffers
    var dictionary: ValueBuffers?
    var defLevels: [UInt8] = []
    var repLevels: [UInt8] = []
    var scratch: [UInt8] = []

    init(column: ColumnDescriptor, codec: CompressionCodec, byteLimit: Int) {
        self.column = column
        self.codec = codec
        values = ValueBuffers(type: column.physicalType, width: column.typeLength, byteLimit: byteLimit)
    }

    /// Empties the decoded levels and values, keeping their storage (and the dictionary).
    mutating func clearDecoded() {
        defLevels.removeAll(keepingCapacity: true)
        repLevels.removeAll(keepingCapacity: true)
        values.clear()
    }

    /// Decodes one page from its stored body; returns the number of level entries it added (0 for a
    /// dictionary page or a skipped page). `remaining` is the number of the chunk's entries still due.
    mutating func decodePage(_ header: PageHeader, body: UnsafeRawBufferPointer, remaining: Int) throws -> Int {
        let maxDef = column.maxDefinitionLevel
        let maxRep = column.maxRepetitionLevel
        let size = body.count
        let uncompressed = Int(header.uncompressedPageSize)
        switch header.type {
        case .dictionaryPage:
            guard let dh = header.dictionaryPageHeader else { throw ParquetError.corrupt("dictionary page without its header") }
            guard dictionary == nil else { throw ParquetError.corrupt("column chunk has more than one dictionary page") }
            guard dh.encoding == .plain || dh.encoding == .plainDictionary else {
                throw ParquetError.unsupported("dictionary page encoding \(dh.encoding)")
            }
            let n = Int(dh.numValues)
            guard n >= 0 else { throw ParquetError.corrupt("dictionary page has a negative value count") }
            var d = ValueBuffers(type: column.physicalType, width: column.typeLength, byteLimit: values.byteLimit)
            try ColumnChunkDecoder.withPage(codec, body, uncompressed, &scratch) { try d.decodePlain($0, count: n) }
            dictionary = d
            return 0
        case .dataPage:
            guard let dh = header.dataPageHeader else { throw ParquetError.corrupt("data page without its header") }
            let n = Int(dh.numValues)
            try ColumnChunkDecoder.checkCount(n, remaining: remaining, pageBytes: uncompressed)
            let dictionary = self.dictionary
            try ColumnChunkDecoder.withPage(codec, body, uncompressed, &scratch) { page in
                var off = 0
                if maxRep > 0 {
                    off += try ColumnChunkDecoder.readV1Levels(page, from: off, encoding: dh.repetitionLevelEncoding, maxLevel: maxRep,
                                                               count: n, into: &repLevels)
                }
                var nonNull = n
                if maxDef > 0 {
                    let before = defLevels.count
                    off += try ColumnChunkDecoder.readV1Levels(page, from: off, encoding: dh.definitionLevelEncoding, maxLevel: maxDef,
                                                               count: n, into: &defLevels)
                    nonNull = ColumnChunkDecoder.countPresent(defLevels, from: before, maxDef: maxDef)
                }
                try values.decode(dh.encoding, UnsafeRawBufferPointer(rebasing: page[off...]), count: nonNull, dictionary: dictionary)
            }
            return n
        case .dataPageV2:
            guard let dh = header.dataPageHeaderV2 else { throw ParquetError.corrupt("data page V2 without its header") }
            let n = Int(dh.numValues)
            try ColumnChunkDecoder.checkCount(n, remaining: remaining, pageBytes: uncompressed)
            let repLen = Int(dh.repetitionLevelsByteLength), defLen = Int(dh.definitionLevelsByteLength)
            guard repLen >= 0, defLen >= 0, repLen <= size, defLen <= size - repLen, repLen + defLen <= uncompressed else {
                throw ParquetError.corrupt("data page V2 level lengths (\(repLen), \(defLen)) exceed the page")
            }
            if maxRep > 0 {
                try ColumnChunkDecoder.readHybrid(UnsafeRawBufferPointer(rebasing: body[0..<repLen]), maxLevel: maxRep, count: n, into: &repLevels)
            }
            var nonNull = n
            if maxDef > 0 {
                let before = defLevels.count
                try ColumnChunkDecoder.readHybrid(UnsafeRawBufferPointer(rebasing: body[repLen..<(repLen + defLen)]), maxLevel: maxDef,
                                                  count: n, into: &defLevels)
                nonNull = ColumnChunkDecoder.countPresent(defLevels, from: before, maxDef: maxDef)
            }
            let stored = UnsafeRawBufferPointer(rebasing: body[(repLen + defLen)...])
            let valuesSize = uncompressed - repLen - defLen
            if dh.isCompressed && codec != .uncompressed {
                let dictionary = self.dictionary
                try ColumnChunkDecoder.withPage(codec, stored, valuesSize, &scratch) {
                    try values.decode(dh.encoding, $0, count: nonNull, dictionary: dictionary)
                }
            } else {
                try values.decode(dh.encoding, stored, count: nonNull, dictionary: dictionary)
            }
            return n
        default:
            return 0  // index pages and unknown pages are skipped
        }
    }
}
