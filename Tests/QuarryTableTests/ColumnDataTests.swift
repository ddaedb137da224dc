import QuarryTable
import Testing

@Suite struct ColumnDataTests {
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

    @Test func errorDescriptionsReadAsOneLine() {
        let e = TableError(.raggedRow, file: "data/t.csv", line: 4, reason: "expected 3 fields as in the header, found 2",
                           hint: "quote fields that contain commas")
        #expect(e.description == "data/t.csv line 4: expected 3 fields as in the header, found 2; quote fields that contain commas")
        let f = TableError(.unknownColumn, file: "t.jsonl", columnName: "zz", reason: "no such column")
        #expect(f.description == "t.jsonl column zz: no such column")
    }
}
