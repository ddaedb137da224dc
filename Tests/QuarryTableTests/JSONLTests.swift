import QuarryTable
import Testing

/// JSONL: scans collect the schema, sources decode strings and keep other values as JSON text.
@Suite struct JSONLTests {
    @Test func scanUnitesKeysInFirstSeenOrderAndInfersTypes() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("rows.jsonl", """
            {"id": 1, "prompt": "hi", "score": 1, "ok": true, "meta": {"a": [1, 2]}, "vec": [0.5, 1], "mixed": 1}

            {"prompt": "there", "id": 2, "score": 2.5, "ok": false, "meta": null, "vec": [], "mixed": "x", "late": null}
            {"id": 3, "extra": "new"}\n
            """)
        let scan = try Table.scan(path: path)
        #expect(scan.format == .jsonl)
        #expect(scan.rowCount == 3)
        #expect(scan.bytes > 100)
        #expect(scan.schema.columns == [
            TableColumn(name: "id", type: .int64),
            TableColumn(name: "prompt", type: .string),
            TableColumn(name: "score", type: .double),
            TableColumn(name: "ok", type: .bool),
            TableColumn(name: "meta", type: .json),
            TableColumn(name: "vec", type: .floatList),
            TableColumn(name: "mixed", type: .json),
            TableColumn(name: "late", type: .string),
            TableColumn(name: "extra", type: .string),
        ])

        let source = try Table.openSource(path: path, schema: scan.schema)
        let d = try drain(source)
        #expect(d.rows == [
            ["1", "hi", "1", "true", "{\"a\": [1, 2]}", "[0.5, 1]", "1", nil, nil],
            ["2", "there", "2.5", "false", nil, "[]", "x", nil, nil],
            ["3", nil, nil, nil, nil, nil, nil, nil, "new"],
        ])
        #expect(d.kinds[0] == [.number, .string, .number, .bool, .json, .json, .number, .null, .null])
        #expect(d.lineNumbers == [1, 3, 4])
    }

    @Test func openingWithoutASchemaScansFirst() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("rows.ndjson", "{\"a\":\"x\"}\n{\"b\":2}\n")
        let source = try Table.openSource(path: path)
        #expect(source.schema.names == ["a", "b"])
        #expect(try drain(source).rows == [["x", nil], [nil, "2"]])
    }

    @Test func crlfLineEndsBOMAndNoFinalNewline() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("w.jsonl", [0xEF, 0xBB, 0xBF] + Array("{\"a\":\"x\"}\r\n\r\n  {\"a\":\"y\"}  ".utf8))
        let d = try readAll(path, chunk: 5)
        #expect(d.rows == [["x"], ["y"]])
        #expect(d.lineNumbers == [1, 3])
    }

    @Test func stringEscapesAreDecoded() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("e.jsonl", #"{"t\u0065xt": "a\"b\\c\/d\n\t\u00e9\ud83c\udf89 \ud800"}"# + "\n")
        let d = try readAll(path)
        #expect(try Table.scan(path: path).schema.names == ["text"])
        #expect(d.rows == [["a\"b\\c/d\n\té🎉 \u{FFFD}"]])
    }

    @Test func projectionAndKeysInAnyOrder() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("p.jsonl", "{\"a\":1,\"b\":\"x\",\"c\":[1]}\n{\"c\":[2],\"b\":\"y\"}\n{\"b\":\"z\",\"a\":3}\n")
        let source = try Table.openSource(path: path, projection: ["b"], batchRows: 2, readChunkBytes: 9)
        let d = try drain(source)
        #expect(d.rows == [["x"], ["y"], ["z"]])
        #expect(d.firstRowIndexes == [0, 2])
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "invalid JSON"),
        ("[1, 2]", "must be one JSON object"),
        ("{\"a\": \"secret\" \"b\"}", "expected ',' or '}'"),
        ("{\"a\": \"secret\"} {\"a\": 2}", "unexpected text after the object"),
        ("{\"a\": tru}", "invalid literal"),
        ("{\"a\": 01}", "invalid number"),
        ("{\"a\": \"secret\\q\"}", "invalid escape"),
        ("{\"a\": \"secret", "unterminated string"),
        ("{\"a\": {\"b\": [1, 2}}", "expected ',' or ']'"),
    ])
    func badLinesNameTheLineAndNotTheData(line: String, reason: String) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("bad.jsonl", "{\"a\": \"fine\"}\n\n" + line + "\n{\"a\": 3}\n")
        let e = try #require(tableError { _ = try readAll(path) })
        #expect(e.code == .invalidJSON)
        #expect(e.line == 3)
        #expect(e.file == path)
        #expect(e.description.contains(reason))
        #expect(!e.description.contains("secret"))
    }

    @Test func duplicateKeysAndInvalidUTF8() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let dup = folder.write("dup.jsonl", "{\"a\":1}\n{\"a\":\"secret\",\"a\":2}\n")
        let e = try #require(tableError { _ = try readAll(dup) })
        #expect(e.code == .duplicateColumn && e.line == 2 && e.columnName == "a")
        #expect(!e.description.contains("secret"))

        let latin = folder.write("latin.jsonl", Array("{\"a\":\"ok\",\"b\":1}\n{\"b\":2,\"a\":\"caf".utf8) + [0xE9] + Array("\"}\n".utf8))
        let u = try #require(tableError { _ = try Table.scan(path: latin) })
        #expect(u.code == .invalidUTF8 && u.line == 2)
        let schema = TableSchema(names: ["a", "b"])
        let r = try #require(tableError { _ = try drain(Table.openSource(path: latin, schema: schema)) })
        #expect(r.code == .invalidUTF8 && r.line == 2 && r.columnName == "a")
        #expect(try drain(Table.openSource(path: latin, projection: ["b"], schema: schema)).rows == [["1"], ["2"]])
    }

    @Test func keyMissingFromTheGivenSchemaIsAnError() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("k.jsonl", "{\"a\":1}\n{\"a\":2,\"zz\":3}\n")
        let source = try Table.openSource(path: path, schema: TableSchema(names: ["a"]))
        let e = try #require(tableError { _ = try drain(source) })
        #expect(e.code == .unknownColumn && e.line == 2 && e.columnName == "zz")
    }

    @Test func scanCollectsSeveralBadLines() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("m.jsonl", "{\"a\":1}\nnope\n{\"a\":2}\n{\"a\":\n{\"a\":3}\n")
        let e = try #require(tableError { _ = try Table.scan(path: path) })
        #expect(e.line == 2)
        #expect(e.otherProblems.map(\.line) == [4])
    }

    @Test func csvScanCountsRowsAndKeepsStringColumns() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("c.csv", "id,text\n1,\"a\nb\"\n2,c\n\n")
        let scan = try Table.scan(path: path)
        #expect(scan.rowCount == 2)
        #expect(scan.bytes == 21)
        #expect(scan.schema == TableSchema(names: ["id", "text"]))
    }
}
