import Foundation
import QuarryTable
import Testing

/// Writing: byte-exact round trips for canonical files, quoting rules, atomic publication.
@Suite struct SinkTests {
    /// Reads `input` and writes every batch to `output`, in batches of `batchRows`.
    func copy(_ input: String, to output: String, batchRows: Int = 2) throws {
        let source = try Table.openSource(path: input, batchRows: batchRows, readChunkBytes: 11)
        let sink = try Table.openSink(path: output, schema: source.schema)
        while let batch = try source.nextBatch() { try sink.append(batch) }
        try sink.finish()
    }

    @Test func csvRoundTripIsByteExact() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let canonical = [
            #"id,"first, name",note"#,
            #"1,plain,"with ""quotes""""#,
            #"2,,"line"#,
            #"break""#,
            #"3,""," padded ""#,
            "4,\"a,b\",\"cr\r",
            #"lf""#,
            "5,naïve 🎉,x",
            "",
        ].joined(separator: "\n")
        let input = folder.write("in.csv", canonical)
        try copy(input, to: folder.path + "/out.csv")
        #expect(readText(folder.path + "/out.csv") == canonical)
    }

    @Test func csvOutputNormalizesLineEndsAndQuotesOnlyWhenNeeded() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let input = folder.write("in.csv", "\u{FEFF}a,b\r\n\"x\",\"y\"\r\n\"1\",2")
        try copy(input, to: folder.path + "/out.csv")
        #expect(readText(folder.path + "/out.csv") == "a,b\nx,y\n1,2\n")
    }

    @Test func jsonlRoundTripIsByteExact() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let canonical = [
            #"{"id":1,"text":"say \"hi\"\n\ttab é","score":-1.5e3,"ok":true,"meta":{"a":[1,{"b":null}]},"vec":[0.1,0.2]}"#,
            #"{"id":2,"text":"","score":null,"ok":false,"meta":null,"vec":null}"#,
            #"{"id":3,"text":"\u0001 control","score":0,"ok":null,"meta":[],"vec":[]}"#,
            "",
        ].joined(separator: "\n")
        let input = folder.write("in.jsonl", canonical)
        try copy(input, to: folder.path + "/out.jsonl")
        #expect(readText(folder.path + "/out.jsonl") == canonical)
    }

    @Test func csvToJSONLAndBack() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let csv = "id,text\n1,\"a, \"\"b\"\"\"\n2,\n3,\"\"\n"
        let input = folder.write("in.csv", csv)
        try copy(input, to: folder.path + "/mid.jsonl")
        #expect(readText(folder.path + "/mid.jsonl") == """
            {"id":"1","text":"a, \\"b\\""}
            {"id":"2","text":null}
            {"id":"3","text":""}

            """)
        try copy(folder.path + "/mid.jsonl", to: folder.path + "/back.csv")
        #expect(readText(folder.path + "/back.csv") == csv)
    }

    @Test func builtBatchesWithEveryCellKind() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let schema = TableSchema(columns: [
            TableColumn(name: "response", type: .string), TableColumn(name: "tokens", type: .int64),
            TableColumn(name: "embedding", type: .floatList),
        ])
        var response = ColumnData(strings: ["ok, \"fine\"", nil])
        response.appendString("")
        var tokens = ColumnData()
        tokens.append(kind: .number, text: "12")
        tokens.appendNull()
        tokens.append(kind: .number, text: "0")
        var embedding = ColumnData()
        embedding.append(kind: .json, text: "[0.5,1]")
        embedding.appendNull()
        embedding.appendNull()
        let batch = RowBatch(schema: schema, columns: [response, tokens, embedding])
        #expect(batch.rowCount == 3)

        for name in ["o.csv", "o.jsonl"] {
            let sink = try Table.openSink(path: folder.path + "/" + name, schema: schema)
            try sink.append(batch)
            try sink.finish()
        }
        #expect(readText(folder.path + "/o.csv") == "response,tokens,embedding\n\"ok, \"\"fine\"\"\",12,\"[0.5,1]\"\n,,\n\"\",0,\n")
        #expect(readText(folder.path + "/o.jsonl") == """
            {"response":"ok, \\"fine\\"","tokens":12,"embedding":[0.5,1]}
            {"response":null,"tokens":null,"embedding":null}
            {"response":"","tokens":0,"embedding":null}

            """)
    }

    @Test func singleColumnNullIsWrittenAsQuotedEmpty() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let schema = TableSchema(names: ["only"])
        let sink = try Table.openSink(path: folder.path + "/one.csv", schema: schema)
        try sink.append(RowBatch(schema: schema, columns: [ColumnData(strings: ["a", nil, "b"])]))
        try sink.finish()
        let text = readText(folder.path + "/one.csv")
        #expect(text == "only\na\n\"\"\nb\n")
        #expect(try readAll(folder.path + "/one.csv").rows.count == 3)
    }

    @Test(arguments: ["out.csv", "out.jsonl"])
    func nothingAppearsAtThePathBeforeFinish(name: String) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path + "/" + name
        let schema = TableSchema(names: ["a"])
        let sink = try Table.openSink(path: path, schema: schema)
        try sink.append(RowBatch(schema: schema, columns: [ColumnData(strings: (0..<50_000).map { "row \($0)" })]))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(folder.files.count == 1)
        #expect(folder.files[0].contains(".partial-"))
        try sink.finish()
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(folder.files == [name])
    }

    @Test func abandonLeavesNothingAndKeepsAnOlderFile() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("out.csv", "old,contents\n")
        let schema = TableSchema(names: ["a"])
        let sink = try Table.openSink(path: path, schema: schema)
        try sink.append(RowBatch(schema: schema, columns: [ColumnData(strings: ["new"])]))
        sink.abandon()
        sink.abandon()
        #expect(folder.files == ["out.csv"])
        #expect(readText(path) == "old,contents\n")
        #expect(tableError { try sink.finish() }?.code == .notWritable)
    }

    @Test func droppedSinkRemovesItsTemporaryFile() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        do {
            let sink = try Table.openSink(path: folder.path + "/x.jsonl", schema: TableSchema(names: ["a"]))
            try sink.append(RowBatch(schema: sink.schema, columns: [ColumnData(strings: ["v"])]))
        }
        #expect(folder.files.isEmpty)
    }

    @Test func sinkErrors() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let missing = try #require(tableError { _ = try Table.openSink(path: folder.path + "/no/such/out.csv", schema: TableSchema(names: ["a"])) })
        #expect(missing.code == .notWritable)
        #expect(missing.hint?.contains("create the folder") == true)

        let sink = try Table.openSink(path: folder.path + "/o.csv", schema: TableSchema(names: ["a", "b"]))
        let wrong = RowBatch(schema: TableSchema(names: ["a"]), columns: [ColumnData(strings: ["x"])])
        #expect(tableError { try sink.append(wrong) }?.code == .invalidBatch)
        let ragged = RowBatch(schema: TableSchema(names: ["a", "b"]), columns: [ColumnData(strings: ["x", "y"]), ColumnData(strings: ["z"])])
        #expect(tableError { try sink.append(ragged) }?.code == .invalidBatch)
        sink.abandon()
    }
}
