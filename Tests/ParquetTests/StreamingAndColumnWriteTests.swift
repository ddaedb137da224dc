@testable import Parquet
import Testing

@Suite("Column streams and column-wise writes")
struct StreamingAndColumnWriteTests {
    /// A file with many small pages per row group: text (dictionary, then PLAIN after the
    /// dictionary limit), nullable ints, and a list column.
    func manyPageFile(version: Int = 1, codec: CompressionCodec = .snappy) throws -> [UInt8] {
        var options = ParquetWriterOptions()
        options.dataPageSize = 2_000
        options.dictionaryPageSizeLimit = 3_000
        options.dataPageVersion = version
        options.compression = codec
        options.maxRowsPerRowGroup = 1_500
        let w = try ParquetFileWriter(fields: [ParquetField("s", .string), ParquetField("n", .int64),
                                               ParquetField("l", .list(ParquetField("element", .int32)))], options: options)
        for i in 0..<4_000 {
            try w.write(row: [i % 7 == 3 ? .null : .string("value \(i % 300) " + String(repeating: "x", count: i % 50)),
                              i % 5 == 0 ? .null : .int64(Int64(i) * 1_000_003),
                              i % 11 == 0 ? .null : .list((0..<(i % 4)).map { .int32(Int32($0 + i)) })])
        }
        try w.close()
        return w.bytes
    }

    @Test("a stream returns the same levels and values as reading the whole chunk", arguments: [1, 7, 333, 5_000])
    func streamMatchesWholeChunk(minEntries: Int) throws {
        for version in [1, 2] {
            let reader = try ParquetFileReader(bytes: try manyPageFile(version: version))
            #expect(reader.rowGroups.count == 3)
            for g in reader.rowGroups.indices {
                for c in reader.schema.columns.indices {
                    let whole = try reader.readColumn(rowGroup: g, column: c)
                    var stream = try reader.columnStream(rowGroup: g, column: c)
                    var defs: [UInt8] = [], reps: [UInt8] = [], entries = 0, parts = 0
                    var strings = ByteArrays(), ints: [Int64] = [], int32s: [Int32] = []
                    while let part = try stream.next(minEntries: minEntries) {
                        parts += 1
                        #expect(part.entryCount >= min(minEntries, whole.entryCount - entries))
                        entries += part.entryCount
                        defs += part.definitionLevels
                        reps += part.repetitionLevels
                        switch part.values {
                        case .byteArray(let b): for i in 0..<b.count { strings.append(b[i]) }
                        case .int64(let v): ints += v
                        case .int32(let v): int32s += v
                        default: Issue.record("unexpected values")
                        }
                    }
                    #expect(stream.isAtEnd)
                    #expect(entries == whole.entryCount)
                    #expect(defs == whole.definitionLevels)
                    #expect(reps == whole.repetitionLevels)
                    switch whole.values {
                    case .byteArray(let b): #expect(strings == b)
                    case .int64(let v): #expect(ints == v)
                    case .int32(let v): #expect(int32s == v)
                    default: Issue.record("unexpected values")
                    }
                    if minEntries == 1 { #expect(parts > 3, "pages should be many and small") }
                }
            }
        }
    }

    @Test("a truncated chunk fails cleanly in a stream")
    func truncatedStream() throws {
        var bytes = try manyPageFile(codec: .uncompressed)
        let reader0 = try ParquetFileReader(bytes: bytes)
        let meta = try #require(reader0.rowGroups[0].columns[0].metaData)
        // Corrupt a page header in the middle of the first chunk.
        let middle = Int(meta.dataPageOffset) + Int(meta.totalCompressedSize) / 2
        for i in middle..<(middle + 64) { bytes[i] = 0xFF }
        let reader = try ParquetFileReader(bytes: bytes)
        var stream = try reader.columnStream(rowGroup: 0, column: 0)
        #expect(throws: ParquetError.self) { while try stream.next() != nil {} }
    }

    @Test("column-wise writes give the same file contents as row-wise writes")
    func columnWriteMatchesRows() throws {
        let fields = [ParquetField("s", .string), ParquetField("req", .string, nullable: false), ParquetField("n", .int64)]
        var options = ParquetWriterOptions()
        options.dataPageSize = 500
        let rows: [[ParquetValue]] = (0..<1_000).map { i in
            [i % 3 == 0 ? .null : .string("s\(i)"), .string(String(repeating: "r", count: i % 9)), .int64(Int64(i))]
        }
        let byRow = try ParquetFileWriter(fields: fields, options: options)
        try byRow.write(rows: rows)
        try byRow.close()

        let byColumn = try ParquetFileWriter(fields: fields, options: options)
        for start in stride(from: 0, to: rows.count, by: 128) {
            let slice = rows[start..<min(start + 128, rows.count)]
            var s = (data: [UInt8](), ends: [Int](), nulls: [Bool]())
            var r = (data: [UInt8](), ends: [Int]())
            for row in slice {
                if case .string(let t) = row[0] { s.data += Array(t.utf8); s.nulls.append(false) } else { s.nulls.append(true) }
                s.ends.append(s.data.count)
                if case .string(let t) = row[1] { r.data += Array(t.utf8) }
                r.ends.append(r.data.count)
            }
            try byColumn.write(columns: [.byteArrays(data: s.data, ends: s.ends, nulls: s.nulls),
                                         .byteArrays(data: r.data, ends: r.ends, nulls: []),
                                         .values(slice.map { $0[2] })], rowCount: slice.count)
        }
        try byColumn.close()
        let a = try ParquetFileReader(bytes: byRow.bytes), b = try ParquetFileReader(bytes: byColumn.bytes)
        #expect(try a.readRowGroup(0).rows() == b.readRowGroup(0).rows())
        #expect(try b.readRowGroup(0).rows() == rows)
    }

    @Test("a column-wise batch that does not fit is rejected whole and the writer stays usable")
    func columnWriteRejectsBadBatches() throws {
        let fields = [ParquetField("s", .string, nullable: false), ParquetField("n", .int32)]
        let w = try ParquetFileWriter(fields: fields)
        // A null in a required field.
        #expect(throws: ParquetError.self) {
            try w.write(columns: [.byteArrays(data: [], ends: [0], nulls: [true]), .values([.int32(1)])], rowCount: 1)
        }
        // A value of the wrong type after a valid byte-array column.
        #expect(throws: ParquetError.self) {
            try w.write(columns: [.byteArrays(data: Array("ab".utf8), ends: [1, 2], nulls: []), .values([.int32(1), .string("x")])], rowCount: 2)
        }
        // Ends that run past the data, and wrong counts.
        #expect(throws: ParquetError.self) {
            try w.write(columns: [.byteArrays(data: Array("ab".utf8), ends: [3], nulls: []), .values([.int32(1)])], rowCount: 1)
        }
        #expect(throws: ParquetError.self) {
            try w.write(columns: [.byteArrays(data: Array("ab".utf8), ends: [1, 2], nulls: []), .values([.int32(1)])], rowCount: 2)
        }
        try w.write(columns: [.byteArrays(data: Array("ok".utf8), ends: [2], nulls: []), .values([.null])], rowCount: 1)
        try w.close()
        let r = try ParquetFileReader(bytes: w.bytes)
        #expect(try r.readRowGroup(0).rows() == [[.string("ok"), .null]])
    }
}
