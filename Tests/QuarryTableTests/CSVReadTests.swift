import QuarryTable
import Testing

/// Reading CSV as RFC 4180 says, with every read size (tiny sizes force records to straddle refills).
@Suite struct CSVReadTests {
    static let chunkSizes = [4, 7, 1 << 20]

    func read(_ text: String, chunk: Int, projection: Set<String>? = nil) throws -> Drained {
        let folder = TempFolder()
        defer { folder.cleanup() }
        return try readAll(folder.write("t.csv", text), projection: projection, chunk: chunk)
    }

    @Test(arguments: chunkSizes)
    func plainRowsWithAndWithoutTrailingNewline(chunk: Int) throws {
        let expected: [[String?]] = [["1", "alpha"], ["2", "beta"]]
        #expect(try read("id,name\n1,alpha\n2,beta\n", chunk: chunk).rows == expected)
        #expect(try read("id,name\n1,alpha\n2,beta", chunk: chunk).rows == expected)
        #expect(try read("id,name\r\n1,alpha\r\n2,beta\r\n", chunk: chunk).rows == expected)
        #expect(try read("id,name\r\n1,alpha\r\n2,beta", chunk: chunk).rows == expected)
    }

    @Test(arguments: chunkSizes)
    func quotedFieldsHoldCommasQuotesAndLineBreaks(chunk: Int) throws {
        let text = "id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\r\nlines\"\n4,\"x\ny\nz\"\n5,\"\"\"\"\n"
        let d = try read(text, chunk: chunk)
        #expect(d.rows == [["1", "a, b"], ["2", "say \"hi\""], ["3", "two\r\nlines"], ["4", "x\ny\nz"], ["5", "\""]])
        // Rows start at the line where they begin; embedded line breaks count.
        #expect(d.lineNumbers == [2, 3, 4, 6, 9])
    }

    @Test(arguments: chunkSizes)
    func emptyUnquotedFieldIsNullAndQuotedEmptyIsEmptyString(chunk: Int) throws {
        let d = try read("a,b,c\n,\"\",x\n1,,\n", chunk: chunk)
        #expect(d.rows == [[nil, "", "x"], ["1", nil, nil]])
        #expect(d.kinds[0] == [.null, .string, .string])
    }

    @Test(arguments: chunkSizes)
    func byteOrderMarkIsSkipped(chunk: Int) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("bom.csv", [0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8))
        let source = try Table.openSource(path: path, readChunkBytes: chunk)
        #expect(source.schema.names == ["id", "name"])
        #expect(try drain(source).rows == [["1", "x"]])
    }

    @Test(arguments: chunkSizes)
    func blankLinesAreSkippedAndCountedInLineNumbers(chunk: Int) throws {
        let d = try read("a,b\n1,2\n\n3,4\r\n\r\n\n", chunk: chunk)
        #expect(d.rows == [["1", "2"], ["3", "4"]])
        #expect(d.lineNumbers == [2, 4])
    }

    @Test func quoteInsideAnUnquotedFieldIsLiteral() throws {
        #expect(try read("a,b\n5\" screen,x\n", chunk: 1 << 20).rows == [["5\" screen", "x"]])
    }

    @Test func loneCarriageReturnIsPartOfTheField() throws {
        #expect(try read("a,b\nx\ry,z\n", chunk: 1 << 20).rows == [["x\ry", "z"]])
    }

    @Test func nonASCIITextSurvives() throws {
        let d = try read("name,note\nJosé,\"naïve, 日本語 🎉\"\n", chunk: 5)
        #expect(d.rows == [["José", "naïve, 日本語 🎉"]])
    }

    @Test func headerOnlyFileHasNoRows() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let source = try Table.openSource(path: folder.write("h.csv", "id,prompt\n"))
        #expect(source.schema.columns == [TableColumn(name: "id", type: .string), TableColumn(name: "prompt", type: .string)])
        #expect(try source.nextBatch() == nil)
    }

    @Test func quotedHeaderNames() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let source = try Table.openSource(path: folder.write("h.csv", "\"first, name\",\"say \"\"x\"\"\"\n1,2\n"))
        #expect(source.schema.names == ["first, name", "say \"x\""])
    }

    @Test func projectionFillsOnlyTheNamedColumns() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("p.csv", "id,a,prompt,b\n1,x,\"hello, world\",y\n2,x,bye,y\n")
        let source = try Table.openSource(path: path, projection: ["prompt"])
        let batch = try #require(try source.nextBatch())
        #expect(batch.rowCount == 2)
        #expect((0..<4).map { batch.isProjected($0) } == [false, false, true, false])
        #expect(batch.columns[0].count == 0 && batch.columns[1].bytes.isEmpty)
        #expect(batch.text(row: 0, column: "prompt") == "hello, world")
        #expect(batch.text(row: 1, column: "prompt") == "bye")
        #expect(batch.text(row: 0, column: "id") == nil)
    }

    @Test func projectionOfAnUnknownColumnNamesTheColumns() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("p.csv", "id,prompt\n1,x\n")
        let error = try #require(tableError { _ = try Table.openSource(path: path, projection: ["promt"]) })
        #expect(error.code == .unknownColumn)
        #expect(error.description.contains("promt"))
        #expect(error.description.contains("id, prompt"))
    }

    @Test(arguments: [1, 3, 4096])
    func streamingAcrossBatchesKeepsRowIndexesAndLines(batchRows: Int) throws {
        var text = "n,text\n"
        var expectedLines: [Int] = []
        var line = 2
        for i in 0..<50 {
            expectedLines.append(line)
            if i % 7 == 0 {
                text += "\(i),\"multi\nline \(i)\"\n"
                line += 2
            } else {
                text += "\(i),row \(i)\n"
                line += 1
            }
        }
        let folder = TempFolder()
        defer { folder.cleanup() }
        let d = try readAll(folder.write("s.csv", text), batchRows: batchRows, chunk: 13)
        #expect(d.rows.count == 50)
        #expect(d.rows.map { $0[0] } == (0..<50).map { "\($0)" })
        #expect(d.rows[7][1] == "multi\nline 7")
        #expect(d.lineNumbers == expectedLines)
        #expect(d.batchSizes.allSatisfy { $0 <= batchRows })
        var expectedFirst: [Int] = []
        var next = 0
        for size in d.batchSizes {
            expectedFirst.append(next)
            next += size
        }
        #expect(d.firstRowIndexes == expectedFirst)
    }

    @Test func recordLargerThanTheReadBufferGrowsIt() throws {
        let big = String(repeating: "abcdefghij", count: 10_000)
        let d = try read("a,b\n\"\(big)\",\(big)\nx,y\n", chunk: 64)
        #expect(d.rows == [[big, big], ["x", "y"]])
    }
}
