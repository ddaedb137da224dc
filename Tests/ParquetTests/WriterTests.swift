@testable import Parquet
import Testing

@Suite("Writer behaviour")
struct WriterTests {
    func roundTrip(_ fields: [ParquetField], _ rows: [[ParquetValue]], _ options: ParquetWriterOptions = ParquetWriterOptions()) throws -> [[ParquetValue]] {
        let w = try ParquetFileWriter(fields: fields, options: options)
        try w.write(rows: rows)
        try w.close()
        let r = try ParquetFileReader(bytes: w.bytes)
        var out: [[ParquetValue]] = []
        for g in r.rowGroups.indices { out += try r.readRowGroup(g).rows() }
        return out
    }

    @Test("values of the wrong type or nulls in required fields are rejected with the column named")
    func rejectsBadValues() throws {
        let w = try ParquetFileWriter(fields: [ParquetField("id", .int64, nullable: false), ParquetField("s", .string)])
        let e1 = #expect(throws: ParquetError.self) { try w.write(row: [.null, .string("x")]) }
        #expect(e1?.message.contains("id") == true)
        let e2 = #expect(throws: ParquetError.self) { try w.write(row: [.int64(1), .double(2)]) }
        #expect(e2?.message.contains("'s'") == true)
        #expect(throws: ParquetError.self) { try w.write(row: [.int64(1)]) }
        let w8 = try ParquetFileWriter(fields: [ParquetField("b", .int8)])
        #expect(throws: ParquetError.self) { try w8.write(row: [.int32(300)]) }
        #expect(throws: ParquetError.self) { try ParquetFileWriter(fields: [ParquetField("a", .int32), ParquetField("a", .int32)]) }
    }

    @Test("a rejected row leaves the file valid and the other rows intact")
    func rejectedRowRollsBack() throws {
        let fields = [ParquetField("id", .int64, nullable: false), ParquetField("tags", .list(ParquetField("element", .string))),
                      ParquetField("n", .int32)]
        let w = try ParquetFileWriter(fields: fields)
        let good: [[ParquetValue]] = [[.int64(1), .list([.string("a")]), .int32(1)], [.int64(3), .null, .null]]
        try w.write(row: good[0])
        #expect(throws: ParquetError.self) { try w.write(row: [.int64(2), .list([.string("b"), .string("c")]), .string("not an int")]) }
        try w.write(row: good[1])
        try w.close()
        let r = try ParquetFileReader(bytes: w.bytes)
        #expect(r.rowCount == 2)
        #expect(try r.readRowGroup(0).rows() == good)
    }

    @Test("row groups are cut by bytes and rows stream with bounded buffers")
    func rowGroupSizing() throws {
        var options = ParquetWriterOptions()
        options.rowGroupByteSize = 64 * 1024
        let w = try ParquetFileWriter(fields: [ParquetField("text", .string, nullable: false)], options: options)
        let row = String(repeating: "x", count: 1000)
        for i in 0..<1000 { try w.write(row: [.string(row + String(i))]) }
        try w.close()
        let r = try ParquetFileReader(bytes: w.bytes)
        #expect(r.rowGroups.count >= 10)
        #expect(r.rowGroups.allSatisfy { $0.totalByteSize < 200 * 1024 })
        #expect(r.rowCount == 1000)
    }

    @Test("dictionary encoding is used for repetitive strings and falls back to PLAIN")
    func dictionary() throws {
        let fields = [ParquetField("s", .string, nullable: false)]
        let repetitive: [[ParquetValue]] = (0..<5000).map { [.string("value-\($0 % 10)")] }
        let w = try ParquetFileWriter(fields: fields)
        try w.write(rows: repetitive)
        try w.close()
        let meta = try #require(try ParquetFileReader(bytes: w.bytes).rowGroups[0].columns[0].metaData)
        #expect(meta.encodings.contains(.rleDictionary) && meta.dictionaryPageOffset != nil)
        #expect(meta.totalCompressedSize < 2000)

        let unique: [[ParquetValue]] = (0..<5000).map { [.string("unique-value-\($0)")] }
        #expect(try roundTrip(fields, unique, ParquetWriterOptions(dataPageSize: 4096, dictionaryPageSizeLimit: 1000)) == unique)
    }

    @Test("embeddings as LIST<float> round trip exactly")
    func embeddings() throws {
        var r = SampleData.RNG(state: 5)
        let rows: [[ParquetValue]] = (0..<200).map { _ in [.list((0..<384).map { _ in .float(Float(r.double())) })] }
        let fields = [ParquetField("embedding", .list(ParquetField("element", .float, nullable: false)), nullable: false)]
        #expect(try roundTrip(fields, rows) == rows)
    }

    @Test("every type round trips through our own reader", arguments: [1, 2])
    func everyType(pageVersion: Int) throws {
        let rows = SampleData.rows(120, seed: UInt64(pageVersion))
        let back = try roundTrip(SampleData.fields, rows, ParquetWriterOptions(dataPageSize: 512, dataPageVersion: pageVersion))
        #expect(back.count == rows.count)
        for (a, b) in zip(rows, back) {
            for (x, y) in zip(a, b) {
                #expect(Canonical.difference(Canonical.value(x), Canonical.value(y)) == nil)
            }
        }
    }
}
