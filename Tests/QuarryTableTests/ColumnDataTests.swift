import QuarryTable
import Testing

@Suite struct ColumnDataTests {
    @Test func integersAreWrittenAsTheirDecimalText() {
        var column = ColumnData()
        let values = [0, 7, -7, 10, 1_234_567, Int.max, Int.min]
        for v in values { column.appendInteger(v) }
        #expect((0..<values.count).map { column.text($0) } == values.map { String($0) })
        #expect(column.kinds.allSatisfy { $0 == .number })
    }

    @Test func cellsAreStoredBackToBack() {
        var column = ColumnData()
        column.appendString("ab")
        column.appendNull()
        column.appendString("")
        column.append(kind: .number, text: "-1.5")
        #expect(column.count == 4)
        #expect(column.bytes == Array("ab-1.5".utf8))
        #expect(column.ends == [2, 2, 2, 6])
        #expect(column.kinds == [.string, .null, .string, .number])
        #expect((0..<4).map { column.text($0) } == ["ab", nil, "", "-1.5"])
        let seen = column.withCell(3) { kind, bytes in (kind, Array(bytes)) }
        #expect(seen.0 == .number && seen.1 == Array("-1.5".utf8))
        #expect(column.withCell(1) { _, bytes in bytes.count } == 0)
        column.removeAll()
        #expect(column.isEmpty && column.bytes.isEmpty)
    }

    @Test func batchPrefixKeepsTheFirstRows() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("p.csv", "a,b,c\n1,x,\n2,y,q\n3,z,r\n")
        let batch = try #require(try Table.openSource(path: path, projection: ["a", "c"]).nextBatch())
        let two = batch.prefix(2)
        #expect(two.rowCount == 2 && two.lineNumbers == [2, 3] && two.firstRowIndex == 0)
        #expect(two.isProjected(0) && !two.isProjected(1) && two.isProjected(2))
        #expect(two.columns[0].bytes == Array("12".utf8))
        #expect((0..<2).map { two.columns[2].text($0) } == [nil, "q"])
        #expect(batch.prefix(10).rowCount == 3)
        #expect(batch.prefix(0).rowCount == 0)
    }

    @Test func formatComesFromTheExtension() {
        #expect(TableFormat(path: "in.csv") == .csv)
        #expect(TableFormat(path: "a/b.c/IN.CSV") == .csv)
        #expect(TableFormat(path: "x.jsonl") == .jsonl)
        #expect(TableFormat(path: "x.ndjson") == .jsonl)
        #expect(TableFormat(path: "x.parquet") == .parquet)
        #expect(TableFormat(path: "a.csv/data") == nil)
        #expect(TableFormat(path: "data") == nil)
        #expect(TableFormat(path: "x.json") == nil)
        #expect(tableError { _ = try Table.format(of: "rows.json") }?.hint?.contains(".jsonl") == true)
    }

    @Test func errorDescriptionsReadAsOneLine() {
        let e = TableError(.raggedRow, file: "data/t.csv", line: 4, reason: "expected 3 fields as in the header, found 2",
                           hint: "quote fields that contain commas")
        #expect(e.description == "data/t.csv line 4: expected 3 fields as in the header, found 2; quote fields that contain commas")
        let f = TableError(.unknownColumn, file: "t.jsonl", columnName: "zz", reason: "no such column")
        #expect(f.description == "t.jsonl column zz: no such column")
    }
}
