import QuarryTable
import Testing

/// CSV problems are reported with file, line and column, a fix, and never the cell contents.
@Suite struct CSVErrorTests {
    /// Reads the whole file and returns the error.
    func error(_ text: String, name: String = "topics.csv", chunk: Int = 1 << 20) throws -> TableError {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write(name, text)
        let e = tableError { _ = try readAll(path, chunk: chunk) }
        return try #require(e)
    }

    @Test(arguments: [5, 1 << 20])
    func unterminatedQuoteNamesWhereItOpened(chunk: Int) throws {
        let text = "id,topic,prompt\n1,a,b\n2,secret-topic,\"secret prompt\nstill secret\n3,x,y\n"
        let e = try error(text, chunk: chunk)
        #expect(e.code == .unterminatedQuote)
        #expect(e.line == 6)
        #expect(e.column == 3)
        #expect(e.columnName == "prompt")
        #expect(e.description.hasSuffix("topics.csv line 6, column 3 (prompt): unterminated quoted field (opened at line 3); close the quote, or write a quote inside a quoted field as \"\""))
        #expect(!e.description.contains("secret"))
    }

    @Test func raggedRowNamesExpectedAndActualCounts() throws {
        let e = try error("a,b,c\n1,2,3\n\"x\ny\",secret\n")
        #expect(e.code == .raggedRow)
        #expect(e.line == 3)
        #expect(e.reason.contains("expected 3 fields"))
        #expect(e.reason.contains("found 2"))
        #expect(!e.description.contains("secret"))
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        // "café" in Latin-1 on the 2nd line of a multi-line quoted field.
        let bytes = Array("id,name\n1,ok\n2,\"first line\nsecret caf".utf8) + [0xE9] + Array("\"\n".utf8)
        let path = folder.write("latin1.csv", bytes)
        let e = try #require(tableError { _ = try readAll(path) })
        #expect(e.code == .invalidUTF8)
        #expect(e.line == 4)
        #expect(e.column == 2)
        #expect(e.columnName == "name")
        #expect(!e.description.contains("secret"))
        #expect(e.hint?.contains("UTF-8") == true)
    }

    @Test(arguments: [[0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func malformedSequencesAreRejected(bad: [UInt8]) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("bad.csv", Array("a\nx".utf8) + bad + Array("y\n".utf8))
        #expect(tableError { _ = try readAll(path) }?.code == .invalidUTF8)
    }

    @Test func projectedReadsCheckOnlyTheColumnsTheyDecode() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("mixed.csv", Array("id,notes\n1,caf".utf8) + [0xE9] + Array("\n".utf8))
        #expect(try readAll(path, projection: ["id"]).rows == [["1"]])
        #expect(tableError { _ = try readAll(path, projection: ["notes"]) }?.column == 2)
        #expect(tableError { _ = try Table.scan(path: path) }?.code == .invalidUTF8)
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let e = try error("a,b\n1,\"secret\"tail\n")
        #expect(e.code == .textAfterQuote)
        #expect(e.line == 2)
        #expect(e.column == 2)
        #expect(!e.description.contains("secret") && !e.description.contains("tail"))
    }

    @Test func duplicateAndEmptyHeaderNames() throws {
        let dup = try error("id,prompt,id\n1,2,3\n")
        #expect(dup.code == .duplicateColumn)
        #expect(dup.column == 3)
        #expect(dup.description.contains("column 1"))
        let empty = try error("id,,x\n1,2,3\n")
        #expect(empty.code == .emptyHeader)
        #expect(empty.column == 2)
    }

    @Test func emptyFileHasNoHeader() throws {
        #expect(try error("").code == .missingHeader)
        #expect(try error("\n\n").code == .missingHeader)
    }

    @Test func missingFileAndUnknownExtension() throws {
        let missing = try #require(tableError { _ = try Table.openSource(path: "/nonexistent/data.csv") })
        #expect(missing.code == .fileNotFound)
        #expect(missing.description.hasPrefix("/nonexistent/data.csv: no such file"))
        let unknown = try #require(tableError { _ = try Table.openSource(path: "data.xlsx") })
        #expect(unknown.code == .unsupportedFormat)
        #expect(unknown.hint?.contains(".csv") == true)
    }

    @Test func parquetIsRecognizedAndAMissingFileIsNamed() throws {
        #expect(TableFormat(path: "x/y.PARQUET") == .parquet)
        let e = try #require(tableError { _ = try Table.openSource(path: "data.parquet") })
        #expect(e.code == .fileNotFound)
        #expect(e.description.contains("data.parquet"))
    }

    @Test func scanReportsEveryRecoverableProblem() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("many.csv", "a,b\n1,2\n3\n4,5\n6,7,8\n9,10\n")
        let e = try #require(tableError { _ = try Table.scan(path: path) })
        #expect(e.code == .raggedRow)
        #expect(e.line == 3)
        #expect(e.otherProblems.map(\.line) == [5])
        #expect(e.description.contains("1 more problem"))
    }

    @Test func scanCountsProblemsBeyondThoseItLists() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("ragged.csv", "a,b\n" + String(repeating: "1\n", count: 250))
        let e = try #require(tableError { _ = try Table.scan(path: path) })
        #expect(e.otherProblems.count == 99)
        #expect(e.unlistedProblemCount == 150)
        #expect(e.description.contains("249 more problems"))
    }
}
