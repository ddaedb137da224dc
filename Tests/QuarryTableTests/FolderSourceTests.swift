import Foundation
import QuarryTable
import Testing

/// A folder of CSV or JSONL files (an S3 prefix in the cache) reads as one table, files in name order.
@Suite struct FolderSourceTests {
    func folder(_ files: [String: String]) -> String {
        let dir = NSTemporaryDirectory() + "quarry-folder-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8)) }
        return dir
    }

    func values(_ dir: String, column: String, batchRows: Int = 2) throws -> (values: [String], firstRows: [Int]) {
        let source = try Table.openSource(path: dir, projection: [column], batchRows: batchRows)
        let c = try #require(source.schema.index(of: column))
        var values: [String] = [], firstRows: [Int] = []
        while let batch = try source.nextBatch() {
            firstRows.append(batch.firstRowIndex)
            for r in 0..<batch.rowCount { values.append(batch.columns[c].text(r) ?? "null") }
        }
        return (values, firstRows)
    }

    @Test func csvFilesAreOneTableInNameOrder() throws {
        let dir = folder(["b.csv": "id,text\n3,c\n", "a.csv": "id,text\n1,a\n2,\"b, quoted\"\n", ".hidden.csv": "x\n1\n", "notes.md": "x"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Table.format(of: dir) == .csv)
        let scan = try Table.scan(path: dir)
        #expect(scan.rowCount == 3 && scan.schema.names == ["id", "text"])
        let read = try values(dir, column: "text")
        #expect(read.values == ["a", "b, quoted", "c"])
        #expect(read.firstRows == [0, 2])
    }

    @Test func csvHeadersMustAgree() throws {
        let dir = folder(["a.csv": "id,text\n1,a\n", "b.csv": "id,prompt\n2,b\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try Table.scan(path: dir) } throws: { error in
            "\(error)".contains("b.csv") && "\(error)".contains("differs from that of") && "\(error)".contains("same header")
        }
        #expect(throws: TableError.self) { try values(dir, column: "id") }
    }

    @Test func jsonlSchemasAreMergedAcrossFiles() throws {
        let dir = folder(["1.jsonl": "{\"id\":1,\"text\":\"a\"}\n", "2.jsonl": "{\"id\":2.5,\"extra\":true}\n{\"text\":\"c\"}\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Table.format(of: dir) == .jsonl)
        let scan = try Table.scan(path: dir)
        #expect(scan.schema.names == ["id", "text", "extra"])
        #expect(scan.schema.columns.map(\.type) == [.double, .string, .bool])
        #expect(scan.rowCount == 3)
        #expect(try values(dir, column: "text").values == ["a", "null", "c"])
        #expect(try values(dir, column: "id").values == ["1", "2.5", "null"])
    }

    @Test func mixedFormatsAreRefused() throws {
        let dir = folder(["a.csv": "id\n1\n", "b.jsonl": "{\"id\":1}\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try Table.format(of: dir) } throws: { error in
            "\(error)".contains("several formats: 1 .csv (a.csv), 1 .jsonl (b.jsonl)")
        }
    }
}
