import QuarryTable
import Testing

/// Known answers: files written by Python 3 (`csv.writer`, excel dialect; `json.dumps` with
/// `ensure_ascii`) read back as Python's own reader reads them.
@Suite struct KnownAnswerTests {
    static let csvText =
        "id,question,cot,answer\r\n" +
        "0,\" lead quote \"\" inside\",tab\there,x\r\n" +
        "1, lead,é ü 日本,\"comma, inside trail \"\r\n" +
        "2,\"comma, inside\",é ü 日本,x\r\n" +
        "3,\"new\n" +
        "line\",🎉 emoji 🎉 emoji,plain\r\n" +
        "4,é ü 日本,\"crlf\r\n" +
        "line\",\"é ü 日本 comma, inside\"\r\n" +
        "5,é ü 日本,\"comma, inside\", lead\r\n" +
        "6,🎉 emoji, tab\there,\"\"\"\"\"  lead\"\r\n" +
        "7,🎉 emoji ,\"crlf\r\n" +
        "line\",back\\slash\r\n" +
        "8,\"comma, inside 🎉 emoji\",é ü 日本 ,back\\slash \r\n" +
        "9,🎉 emoji,é ü 日本,\"\"\"\"\"\"\r\n" +
        "10,,\"tab\there comma, inside\", lead back\\slash\r\n" +
        "11,🎉 emoji ,\"comma, inside\",\"crlf\r\n" +
        "line\"\r\n"

    static let jsonlText =
        "{\"id\": 0, \"question\": \" lead quote \\\" inside\", \"cot\": \"tab\\there\", \"answer\": \"x\"}\n" +
        "{\"id\": 1, \"question\": \" lead\", \"cot\": \"\\u00e9 \\u00fc \\u65e5\\u672c\", \"answer\": \"comma, inside trail \"}\n" +
        "{\"id\": 2, \"question\": \"comma, inside\", \"cot\": \"\\u00e9 \\u00fc \\u65e5\\u672c\", \"answer\": \"x\"}\n" +
        "{\"id\": 3, \"question\": \"new\\nline\", \"cot\": \"\\ud83c\\udf89 emoji \\ud83c\\udf89 emoji\", \"answer\": \"plain\"}\n" +
        "{\"id\": 4, \"question\": \"\\u00e9 \\u00fc \\u65e5\\u672c\", \"cot\": \"crlf\\r\\nline\", \"answer\": \"\\u00e9 \\u00fc \\u65e5\\u672c comma, inside\"}\n" +
        "{\"id\": 5, \"question\": \"\\u00e9 \\u00fc \\u65e5\\u672c\", \"cot\": \"comma, inside\", \"answer\": \" lead\"}\n" +
        "{\"id\": 6, \"question\": \"\\ud83c\\udf89 emoji\", \"cot\": \" tab\\there\", \"answer\": \"\\\"\\\"  lead\"}\n" +
        "{\"id\": 7, \"question\": \"\\ud83c\\udf89 emoji \", \"cot\": \"crlf\\r\\nline\", \"answer\": \"back\\\\slash\"}\n" +
        "{\"id\": 8, \"question\": \"comma, inside \\ud83c\\udf89 emoji\", \"cot\": \"\\u00e9 \\u00fc \\u65e5\\u672c \", \"answer\": \"back\\\\slash \"}\n" +
        "{\"id\": 9, \"question\": \"\\ud83c\\udf89 emoji\", \"cot\": \"\\u00e9 \\u00fc \\u65e5\\u672c\", \"answer\": \"\\\"\\\"\"}\n" +
        "{\"id\": 10, \"question\": \"\", \"cot\": \"tab\\there comma, inside\", \"answer\": \" lead back\\\\slash\"}\n" +
        "{\"id\": 11, \"question\": \"\\ud83c\\udf89 emoji \", \"cot\": \"comma, inside\", \"answer\": \"crlf\\r\\nline\"}\n"

    /// What Python's `csv.reader` returns for the rows of `csvText` (header excluded).
    static let rows: [[String?]] = [
        ["0", " lead quote \" inside", "tab\there", "x"],
        ["1", " lead", "é ü 日本", "comma, inside trail "],
        ["2", "comma, inside", "é ü 日本", "x"],
        ["3", "new\nline", "🎉 emoji 🎉 emoji", "plain"],
        ["4", "é ü 日本", "crlf\r\nline", "é ü 日本 comma, inside"],
        ["5", "é ü 日本", "comma, inside", " lead"],
        ["6", "🎉 emoji", " tab\there", "\"\"  lead"],
        ["7", "🎉 emoji ", "crlf\r\nline", "back\\slash"],
        ["8", "comma, inside 🎉 emoji", "é ü 日本 ", "back\\slash "],
        ["9", "🎉 emoji", "é ü 日本", "\"\""],
        ["10", "", "tab\there comma, inside", " lead back\\slash"],
        ["11", "🎉 emoji ", "comma, inside", "crlf\r\nline"],
    ]

    @Test(arguments: [6, 1 << 20])
    func pythonCSV(chunk: Int) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("py.csv", Self.csvText)
        let source = try Table.openSource(path: path, readChunkBytes: chunk)
        #expect(source.schema.names == ["id", "question", "cot", "answer"])
        // Python writes an empty string as an empty unquoted field, which reads back as null.
        #expect(try drain(source).rows == Self.rows.map { $0.map { $0 == "" ? nil : $0 } })
    }

    @Test(arguments: [6, 1 << 20])
    func pythonJSONL(chunk: Int) throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.write("py.jsonl", Self.jsonlText)
        let scan = try Table.scan(path: path)
        #expect(scan.schema.columns.map(\.type) == [.int64, .string, .string, .string])
        let d = try drain(Table.openSource(path: path, schema: scan.schema, readChunkBytes: chunk))
        #expect(d.rows == Self.rows)
        #expect(d.kinds[0] == [.number, .string, .string, .string])
    }
}
