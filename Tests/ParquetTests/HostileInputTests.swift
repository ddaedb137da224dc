import Foundation
@testable import Parquet
import Testing

/// Corrupt, truncated and lying files must produce a ParquetError quickly — never a crash,
/// a hang or a huge allocation.
@Suite("Hostile input")
struct HostileInputTests {
    /// Reads everything; returns the error if any.
    @discardableResult
    static func readAll(_ bytes: [UInt8]) -> ParquetError? {
        do {
            let r = try ParquetFileReader(bytes: bytes)
            for g in r.rowGroups.indices {
                let group = try r.readRowGroup(g)
                for row in try group.rows() { for v in row { _ = v.jsonText } }
            }
            return nil
        } catch let e as ParquetError {
            return e
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    static func nestedFile(codec: CompressionCodec, version: Int) throws -> [UInt8] {
        let w = try ParquetFileWriter(fields: Array(SampleData.fields.prefix(6)) + [SampleData.fields[12]] + SampleData.fields.suffix(4),
                                      options: ParquetWriterOptions(compression: codec, dataPageSize: 300, dataPageVersion: version))
        let rows = SampleData.rows(12, seed: 3).map { Array($0.prefix(6)) + [$0[12]] + $0.suffix(4) }
        try w.write(rows: rows)
        try w.close()
        return w.bytes
    }

    static var seeds: [[UInt8]] {
        get throws {
            [KnownFiles.tinyNoSchema, KnownFiles.mixedV2,
             try nestedFile(codec: .snappy, version: 1), try nestedFile(codec: .uncompressed, version: 2),
             try nestedFile(codec: .gzip, version: 1)]
        }
    }

    @Test("every truncation fails cleanly")
    func truncations() throws {
        for seed in try Self.seeds {
            #expect(Self.readAll(seed) == nil)
            for n in stride(from: 0, to: seed.count, by: max(1, seed.count / 400)) {
                #expect(Self.readAll(Array(seed.prefix(n))) != nil)
            }
        }
    }

    @Test("single-byte corruption anywhere never crashes")
    func byteFlips() throws {
        var rng = SampleData.RNG(state: 77)
        for seed in try Self.seeds {
            for pos in stride(from: 0, to: seed.count, by: max(1, seed.count / 700)) {
                for v: UInt8 in [0x00, 0xFF, seed[pos] &+ 1, UInt8(rng.next() & 0xFF)] {
                    var bytes = seed
                    bytes[pos] = v
                    Self.readAll(bytes)
                }
            }
        }
    }

    @Test("the body of a page is fully protected: random garbage in every data page")
    func garbagePages() throws {
        var rng = SampleData.RNG(state: 99)
        for seed in try Self.seeds {
            for _ in 0..<300 {
                var bytes = seed
                let start = 4 + Int(rng.next() % UInt64(max(1, seed.count / 2)))
                for i in start..<min(start + Int(rng.next() % 16) + 1, seed.count - 8) { bytes[i] = UInt8(rng.next() & 0xFF) }
                Self.readAll(bytes)
            }
        }
    }

    /// Rewrites the footer of `file` with `edit` applied.
    static func withFooter(_ file: [UInt8], _ edit: (inout FileMetaData) -> Void) throws -> [UInt8] {
        let r = try ParquetFileReader(bytes: file)
        var md = r.metadata
        edit(&md)
        let footer = md.thriftBytes()
        let n = UInt32(footer.count)
        return Array(file[0..<r.footerStart]) + footer + [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)] + Array("PAR1".utf8)
    }

    @Test("lying metadata is refused with a clear message")
    func lyingMetadata() throws {
        let file = try Self.nestedFile(codec: .snappy, version: 1)
        let cases: [(String, (inout FileMetaData) -> Void)] = [
            ("huge num_values", { $0.rowGroups[0].columns[0].metaData?.numValues = 1 << 40 }),
            ("huge row count", { $0.rowGroups[0].numRows = 1 << 50 }),
            ("offset past the file", { $0.rowGroups[0].columns[1].metaData?.dataPageOffset = 1 << 40 }),
            ("negative size", { $0.rowGroups[0].columns[1].metaData?.totalCompressedSize = -5 }),
            ("size past the footer", { $0.rowGroups[0].columns[2].metaData?.totalCompressedSize = 1 << 30 }),
            ("wrong physical type", { $0.rowGroups[0].columns[0].metaData?.type = .double }),
            ("missing chunks", { $0.rowGroups[0].columns.removeLast() }),
            ("children beyond the list", { $0.schema[0].numChildren = 1000 }),
            ("unknown codec", { $0.rowGroups[0].columns[0].metaData?.codec = CompressionCodec(rawValue: 42) }),
            ("huge rows for nested columns", { md in
                md.rowGroups[0].numRows = 1 << 36
                for i in md.rowGroups[0].columns.indices { md.rowGroups[0].columns[i].metaData?.numValues = 1 << 36 }
            }),
        ]
        for (name, edit) in cases {
            let bytes = try Self.withFooter(file, edit)
            let error = Self.readAll(bytes)
            #expect(error != nil, "\(name) was accepted")
        }
    }

    @Test("a row count larger than the levels is refused before allocating rows")
    func lyingRowCountNested() throws {
        let w = try ParquetFileWriter(fields: [ParquetField("l", .list(ParquetField("element", .int32)))])
        try w.write(rows: [[.list([.int32(1)])], [.null]])
        try w.close()
        let bytes = try Self.withFooter(w.bytes) { $0.rowGroups[0].numRows = 1 << 33 }
        let r = try ParquetFileReader(bytes: bytes)
        let group = try r.readRowGroup(0)
        let error = #expect(throws: ParquetError.self) { try group.rows() }
        #expect(error?.message.contains("claims") == true)
    }

    @Test("old-writer quirk: dictionary page at data_page_offset without dictionary_page_offset")
    func dictionaryWithoutOffset() throws {
        let bytes = try Self.withFooter(KnownFiles.tinyNoSchema) { md in
            let m = md.rowGroups[0].columns[0].metaData!
            md.rowGroups[0].columns[0].metaData?.dataPageOffset = m.dictionaryPageOffset!
            md.rowGroups[0].columns[0].metaData?.dictionaryPageOffset = nil
        }
        #expect(try ParquetFileReader(bytes: bytes).readColumn(rowGroup: 0, column: 0).values == .int64([1, 2, 3]))
    }

    @Test("deeply nested schemas are refused")
    func deepSchema() throws {
        var elements: [SchemaElement] = []
        for i in 0..<5000 {
            var e = SchemaElement(name: "g\(i)")
            e.numChildren = 1
            e.repetition = .optional
            elements.append(e)
        }
        var leaf = SchemaElement(name: "x")
        leaf.type = .int32
        elements.append(leaf)
        let error = #expect(throws: ParquetError.self) { try ParquetSchema(elements: elements) }
        #expect(error?.message.contains("nested deeper") == true)
    }

    @Test("a page claiming a huge uncompressed size is refused before allocating")
    func decompressionBomb() throws {
        // Page header: DATA_PAGE, uncompressed 2^31-1, compressed 4, then 4 bytes.
        var w = ThriftCompactWriter()
        var h = PageHeader(type: .dataPage, uncompressedPageSize: Int32.max, compressedPageSize: 4)
        h.dataPageHeader = DataPageHeader(numValues: 3, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)
        w.structValue { h.write(&$0) }
        let chunk = w.bytes + [0, 0, 0, 0]
        let desc = ColumnDescriptor(index: 0, path: ["x"], physicalType: .int32, typeLength: 0, maxDefinitionLevel: 0,
                                    maxRepetitionLevel: 0, element: SchemaElement(name: "x"))
        let meta = ColumnMetaData(type: .int32, encodings: [.plain], pathInSchema: ["x"], codec: .zstd, numValues: 3,
                                  totalUncompressedSize: 0, totalCompressedSize: Int64(chunk.count), dataPageOffset: 4)
        let error = #expect(throws: ParquetError.self) { try ColumnChunkDecoder(column: desc, meta: meta, rowCount: 3).decode(chunk) }
        #expect(error?.message.contains("uncompressed") == true)
    }
}
