@testable import Parquet
import Testing

@Suite("Thrift compact protocol and footer structs")
struct ThriftTests {
    func footer(_ file: [UInt8]) -> [UInt8] {
        let n = Int(file[file.count - 8]) | Int(file[file.count - 7]) << 8
        return Array(file[(file.count - 8 - n)..<(file.count - 8)])
    }

    @Test("decodes the fact sheet's tiny footer field by field")
    func tinyFooter() throws {
        let md = try FileMetaData(thriftBytes: footer(KnownFiles.tinyNoSchema))
        #expect(md.version == 2)
        #expect(md.numRows == 3)
        #expect(md.schema.map(\.name) == ["schema", "x"])
        #expect(md.schema[0].repetition == .required && md.schema[0].numChildren == 1)
        #expect(md.schema[1].type == .int64 && md.schema[1].repetition == .optional)
        #expect(md.createdBy == "parquet-cpp-arrow version 26.0.1")
        #expect(md.columnOrderCount == 1)
        let cm = try #require(md.rowGroups.first?.columns.first?.metaData)
        #expect(cm.codec == .snappy)
        #expect(cm.encodings == [.plain, .rle, .rleDictionary])
        #expect(cm.pathInSchema == ["x"])
        #expect(cm.numValues == 3 && cm.totalUncompressedSize == 111 && cm.totalCompressedSize == 112)
        #expect(cm.dataPageOffset == 41 && cm.dictionaryPageOffset == 4)
        #expect(cm.statistics?.minValue == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(cm.statistics?.maxValue == [3, 0, 0, 0, 0, 0, 0, 0])
        #expect(cm.statistics?.nullCount == 0)
        #expect(md.rowGroups[0].totalByteSize == 111 && md.rowGroups[0].fileOffset == 4 && md.rowGroups[0].totalCompressedSize == 112)
    }

    @Test("footer encode/decode round trip is lossless")
    func roundTrip() throws {
        for file in [KnownFiles.tinyNoSchema, KnownFiles.mixedV2] {
            let md = try FileMetaData(thriftBytes: footer(file))
            let again = try FileMetaData(thriftBytes: md.thriftBytes())
            #expect(again == md)
        }
    }

    @Test("page headers decode (dictionary page of tiny.parquet)")
    func pageHeader() throws {
        var r = ThriftCompactReader(bytes: KnownFiles.tinyNoSchema, start: 4)
        let h = try PageHeader(thrift: &r)
        #expect(h.type == .dictionaryPage && h.uncompressedPageSize == 24 && h.compressedPageSize == 23)
        #expect(h.dictionaryPageHeader?.numValues == 3 && h.dictionaryPageHeader?.isSorted == false)
        #expect(r.position == 0x12)
    }

    @Test("unknown fields of every type are skipped, long-form ids accepted")
    func skipsUnknown() throws {
        var w = ThriftCompactWriter()
        w.structValue { w in
            w.i32(1, 7)
            w.structField(40) { w in w.string(1, "x"); w.listHeader(2, elementType: 1, count: 3); w.writeByte(1); w.writeByte(2); w.writeByte(1) }
            w.fieldHeader(41, 7); for _ in 0..<8 { w.writeByte(0) }
            w.fieldHeader(42, 11); w.writeVarint(1); w.writeByte(0x58); w.writeVarint(3); w.writeVarint(1); w.writeByte(65)
            w.fieldHeader(43, 3); w.writeByte(9)
            w.bool(44, true)
            w.stringList(45, Array(repeating: "ab", count: 20))
            w.i64(3, 99)  // decreasing id → long form
            w.listHeader(2, elementType: 12, count: 1)
            w.structValue { w in w.string(4, "root"); w.i32(5, 0) }
        }
        let md = try FileMetaData(thriftBytes: w.bytes)
        #expect(md.version == 7 && md.numRows == 99 && md.schema.first?.name == "root")
    }

    @Test("hostile Thrift input fails with errors, not crashes", arguments: [
        [0x19, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F] as [UInt8],          // list of 2^32 elements
        [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],                          // binary of 4 GiB
        [0x16, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // varint too long
        [0x15],                                                         // truncated
        [0x0F, 0x02],                                                   // unknown type id 15
        Array(repeating: 0x1C, count: 200),                             // nested structs 200 deep
    ])
    func hostile(bytes: [UInt8]) {
        #expect(throws: ParquetError.self) { try FileMetaData(thriftBytes: bytes) }
    }

    @Test("varints and zigzag follow the spec examples")
    func primitives() throws {
        var w = ThriftCompactWriter()
        w.writeVarint(50399)
        #expect(w.bytes == [0xDF, 0x89, 0x03])
        var r = ThriftCompactReader(bytes: [0xDE, 0x01])
        #expect(try r.readI64() == 111)
        for v: Int64 in [0, -1, 1, -2, .max, .min] {
            var w = ThriftCompactWriter()
            w.writeZigzag(v)
            var r = ThriftCompactReader(bytes: w.bytes)
            #expect(try r.readI64() == v)
        }
    }
}
