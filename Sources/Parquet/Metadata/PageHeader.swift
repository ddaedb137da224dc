/// Header of a V1 data page.
public struct DataPageHeader: Sendable, Hashable {
    /// The num values.
    public var numValues: Int32
    /// The encoding.
    public var encoding: Encoding
    /// The definition level encoding.
    public var definitionLevelEncoding: Encoding
    /// The repetition level encoding.
    public var repetitionLevelEncoding: Encoding
    /// The statistics.
    public var statistics: Statistics?
}

/// Header of a V2 data page.
public struct DataPageHeaderV2: Sendable, Hashable {
    /// The num values.
    public var numValues: Int32
    /// The num nulls.
    public var numNulls: Int32
    /// The num rows.
    public var numRows: Int32
    /// The encoding.
    public var encoding: Encoding
    /// The definition levels byte length.
    public var definitionLevelsByteLength: Int32
    /// The repetition levels byte length.
    public var repetitionLevelsByteLength: Int32
    /// Whether the values section is compressed (default true).
    public var isCompressed: Bool
    /// The statistics.
    public var statistics: Statistics?
}

/// Header of a dictionary page.
public struct DictionaryPageHeader: Sendable, Hashable {
    /// The num values.
    public var numValues: Int32
    /// The encoding.
    public var encoding: Encoding
    /// The is sorted.
    public var isSorted: Bool?
}

/// A page header; the page body (`compressedPageSize` bytes) follows it.
public struct PageHeader: Sendable, Hashable {
    /// The type.
    public var type: PageType
    /// The uncompressed page size.
    public var uncompressedPageSize: Int32
    /// The compressed page size.
    public var compressedPageSize: Int32
    /// The crc.
    public var crc: Int32?
    /// The data page header.
    public var dataPageHeader: DataPageHeader?
    /// The dictionary page header.
    public var dictionaryPageHeader: DictionaryPageHeader?
    /// The data page header v2.
    public var dataPageHeaderV2: DataPageHeaderV2?

    init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }

    init(thrift r: inout ThriftCompactReader) throws {
        var type: PageType?
        var us: Int32?, cs: Int32?, crc: Int32?
        var dp: DataPageHeader?, dict: DictionaryPageHeader?, v2: DataPageHeaderV2?
        try r.readStruct { r, t, id in
            switch id {
            case 1: try ThriftCompactReader.check(t, 5, "type"); type = PageType(rawValue: try r.readI32())
            case 2: try ThriftCompactReader.check(t, 5, "uncompressed_page_size"); us = try r.readI32()
            case 3: try ThriftCompactReader.check(t, 5, "compressed_page_size"); cs = try r.readI32()
            case 4: try ThriftCompactReader.check(t, 5, "crc"); crc = try r.readI32()
            case 5:
                try ThriftCompactReader.check(t, 12, "data_page_header")
                var n: Int32?, enc: Int32?, de: Int32 = 3, re: Int32 = 3
                var st: Statistics?
                try r.readStruct { r, t, id in
                    switch id {
                    case 1: try ThriftCompactReader.check(t, 5, "num_values"); n = try r.readI32()
                    case 2: try ThriftCompactReader.check(t, 5, "encoding"); enc = try r.readI32()
                    case 3: try ThriftCompactReader.check(t, 5, "definition_level_encoding"); de = try r.readI32()
                    case 4: try ThriftCompactReader.check(t, 5, "repetition_level_encoding"); re = try r.readI32()
                    case 5: try ThriftCompactReader.check(t, 12, "statistics"); st = try Statistics(thrift: &r)
                    default: return false
                    }
                    return true
                }
                guard let n, let enc else { throw ParquetError.corrupt("data page header misses num_values or encoding") }
                dp = DataPageHeader(numValues: n, encoding: Encoding(rawValue: enc), definitionLevelEncoding: Encoding(rawValue: de),
                                    repetitionLevelEncoding: Encoding(rawValue: re), statistics: st)
            case 7:
                try ThriftCompactReader.check(t, 12, "dictionary_page_header")
                var n: Int32?, enc: Int32 = 0
                var sorted: Bool?
                try r.readStruct { r, t, id in
                    switch id {
                    case 1: try ThriftCompactReader.check(t, 5, "num_values"); n = try r.readI32()
                    case 2: try ThriftCompactReader.check(t, 5, "encoding"); enc = try r.readI32()
                    case 3: sorted = try r.boolField(t)
                    default: return false
                    }
                    return true
                }
                guard let n else { throw ParquetError.corrupt("dictionary page header misses num_values") }
                dict = DictionaryPageHeader(numValues: n, encoding: Encoding(rawValue: enc), isSorted: sorted)
            case 8:
                try ThriftCompactReader.check(t, 12, "data_page_header_v2")
                var n: Int32?, nulls: Int32 = 0, rows: Int32 = 0, enc: Int32?, dl: Int32 = 0, rl: Int32 = 0
                var comp = true
                var st: Statistics?
                try r.readStruct { r, t, id in
                    switch id {
                    case 1: try ThriftCompactReader.check(t, 5, "num_values"); n = try r.readI32()
                    case 2: try ThriftCompactReader.check(t, 5, "num_nulls"); nulls = try r.readI32()
                    case 3: try ThriftCompactReader.check(t, 5, "num_rows"); rows = try r.readI32()
                    case 4: try ThriftCompactReader.check(t, 5, "encoding"); enc = try r.readI32()
                    case 5: try ThriftCompactReader.check(t, 5, "definition_levels_byte_length"); dl = try r.readI32()
                    case 6: try ThriftCompactReader.check(t, 5, "repetition_levels_byte_length"); rl = try r.readI32()
                    case 7: comp = try r.boolField(t)
                    case 8: try ThriftCompactReader.check(t, 12, "statistics"); st = try Statistics(thrift: &r)
                    default: return false
                    }
                    return true
                }
                guard let n, let enc else { throw ParquetError.corrupt("data page V2 header misses num_values or encoding") }
                v2 = DataPageHeaderV2(numValues: n, numNulls: nulls, numRows: rows, encoding: Encoding(rawValue: enc),
                                      definitionLevelsByteLength: dl, repetitionLevelsByteLength: rl, isCompressed: comp, statistics: st)
            default: return false
            }
            return true
        }
        guard let type, let us, let cs else { throw ParquetError.corrupt("page header misses type or sizes") }
        guard us >= 0, cs >= 0 else { throw ParquetError.corrupt("page header has a negative size") }
        self.init(type: type, uncompressedPageSize: us, compressedPageSize: cs)
        self.crc = crc
        dataPageHeader = dp
        dictionaryPageHeader = dict
        dataPageHeaderV2 = v2
    }

    func write(_ w: inout ThriftCompactWriter) {
        w.i32(1, type.rawValue)
        w.i32(2, uncompressedPageSize)
        w.i32(3, compressedPageSize)
        w.i32(4, crc)
        if let d = dataPageHeader {
            w.structField(5) { w in
                w.i32(1, d.numValues)
                w.i32(2, d.encoding.rawValue)
                w.i32(3, d.definitionLevelEncoding.rawValue)
                w.i32(4, d.repetitionLevelEncoding.rawValue)
                if let s = d.statistics { w.structField(5) { w in s.write(&w) } }
            }
        }
        if let d = dictionaryPageHeader {
            w.structField(7) { w in
                w.i32(1, d.numValues)
                w.i32(2, d.encoding.rawValue)
                w.bool(3, d.isSorted)
            }
        }
        if let d = dataPageHeaderV2 {
            w.structField(8) { w in
                w.i32(1, d.numValues)
                w.i32(2, d.numNulls)
                w.i32(3, d.numRows)
                w.i32(4, d.encoding.rawValue)
                w.i32(5, d.definitionLevelsByteLength)
                w.i32(6, d.repetitionLevelsByteLength)
                w.bool(7, d.isCompressed)
                if let s = d.statistics { w.structField(8) { w in s.write(&w) } }
            }
        }
    }
}
