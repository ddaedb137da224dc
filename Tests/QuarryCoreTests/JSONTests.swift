import Foundation
import Testing
@testable import QuarryCore

@Suite struct JSONTests {
    @Test func writerEscapesAndRoundTripsThroughFoundation() throws {
        var w = JSONWriter()
        w.beginObject()
        w.key("text"); w.string("quote \" back \\ nl \n tab \t ctrl \u{01} é 🎉")
        w.key("n"); w.int(-12345)
        w.key("zero"); w.int(0)
        w.key("d"); w.double(0.25)
        w.key("list"); w.beginArray(); w.element(); w.int(1); w.element(); w.bool(true); w.element(); w.null(); w.endArray()
        w.endObject()
        let object = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any]
        #expect(object?["text"] as? String == "quote \" back \\ nl \n tab \t ctrl \u{01} é 🎉")
        #expect(object?["n"] as? Int == -12345)
        #expect(object?["zero"] as? Int == 0)
        #expect(object?["d"] as? Double == 0.25)
        #expect((object?["list"] as? [Any])?.count == 3)
    }

    @Test(arguments: ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "🎉"])
    func escapingIsRightAtEveryPosition(_ special: String) throws {
        for position in 0..<20 {
            let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: 19 - position)
            var w = JSONWriter()
            w.string(text)
            let decoded = try JSONSerialization.jsonObject(with: Data(w.bytes), options: [.fragmentsAllowed]) as? String
            #expect(decoded == text)
            #expect(try JSONValue.parse(w.bytes).string == text)
        }
    }

    @Test func lazyLookupsFindNestedFields() throws {
        let doc = try JSONValue.parse(#"{"recordId":"R1","modelInput":{"x":[1,2,{"y":"}"}]},"modelOutput":{"content":[{"type":"text","text":"hi \"there\" \u00e9 \ud83c\udf89"}],"usage":{"input_tokens":12,"output_tokens":"7"}}}"#)
        #expect(doc["recordId"]?.string == "R1")
        let out = try #require(doc["modelOutput"])
        #expect(out["content"]?.elements.first?["text"]?.string == "hi \"there\" é 🎉")
        #expect(out["usage"]?["input_tokens"]?.int == 12)
        #expect(out["usage"]?["output_tokens"]?.int == 7)
        #expect(doc["missing"] == nil)
        #expect(doc["modelInput"]?["x"]?.count == 3)
    }

    @Test func integersAreReadFromTheirDigits() throws {
        let doc = try JSONValue.parse(#"{"a":0,"b":-42,"c":123456789012345678,"d":1e3,"e":2.5,"f":"17","g":9223372036854775807,"h":-0,"i":-9223372036854775808,"j":9223372036854775808}"#)
        #expect(doc["a"]?.int == 0 && doc["b"]?.int == -42 && doc["c"]?.int == 123_456_789_012_345_678)
        #expect(doc["d"]?.int == 1000 && doc["e"]?.int == nil && doc["f"]?.int == 17 && doc["h"]?.int == 0)
        #expect(doc["g"]?.int == Int.max && doc["i"]?.int == Int.min && doc["j"]?.int == nil)
    }

    @Test func rawKeysMatchLiteralsWithOrWithoutEscapes() throws {
        let doc = try JSONValue.parse(#"{"plain":1,"esc\u0061ped":2,"":3,"typ":4}"#)
        var seen: [String] = []
        doc.forEachMemberKey { key, value in
            switch key {
            case "plain": seen.append("plain=\(value.int!)")
            case "escaped": seen.append("escaped=\(value.int!)")
            case "": seen.append("empty=\(value.int!)")
            case "type": seen.append("wrong")
            default: seen.append("other:" + key.string)
            }
            return true
        }
        #expect(seen == ["plain=1", "escaped=2", "empty=3", "other:typ"])
        var elements: [Int] = []
        try JSONValue.parse("[1, [2, 3], {\"a\": 4}, 5]").forEachElement { elements.append($0.int ?? -1); return elements.count < 3 }
        #expect(elements == [1, -1, -1])
        #expect(try JSONValue.parse(#""text""#).isString("text") && !(try JSONValue.parse(#""texts""#).isString("text")))
        #expect(try JSONValue.parse(#""te\u0078t""#).isString("text") && !(try JSONValue.parse("1").isString("1")))
    }

    @Test(arguments: [
        #"{"a":1"#, #"{"a" 1}"#, #"[1,]"#, #""unterminated"#, #"{"a":tru}"#, "[1] x", #"{"a":}"#, "-", "01.e5",
    ])
    func invalidDocumentsAreRejected(_ text: String) {
        #expect(throws: JSONError.self) { try JSONValue.parse(text) }
    }

    @Test(arguments: ["[]", "[ ]", "[1]", "[ 1 ]", "[1,2,3]", "[0.25, -1e-3, 7,8,9,10,11,12,13,14,15,16,17]", "[\"a,b\", 1]", "[[1,2],[3]]",
                      "[{\"a\": [1, 2]}, \"]\", 3]", "[true, null, false, 1.5]"])
    func arrayCountsAgreeWithElements(_ text: String) throws {
        let v = try JSONValue.parse(text)
        #expect(v.count == v.elements.count)
        let trusted = try JSONValue.parse(trusting: Array(text.utf8), in: 0..<text.utf8.count)
        #expect(trusted.rawText == text)
        #expect(trusted.count == v.elements.count)
    }

    @Test func trustedParsingFindsTheSameValuesInLongNumberArrays() throws {
        let numbers = (0..<1024).map { i in String(Float(i) / 1024 - 0.5) }.joined(separator: ",")
        let line = "{\"recordId\":\"R1\",\"modelInput\":{\"inputText\":\"a } ] \\\" tricky\"},\"modelOutput\":{\"embedding\":[\(numbers)],\"inputTextTokenCount\":7}}"
        let bytes = Array(line.utf8)
        let doc = try JSONValue.parse(trusting: bytes, in: 0..<bytes.count)
        #expect(doc["recordId"]?.string == "R1")
        #expect(doc["modelInput"]?["inputText"]?.string == "a } ] \" tricky")
        #expect(doc["modelOutput"]?["embedding"]?.count == 1024)
        #expect(doc["modelOutput"]?["inputTextTokenCount"]?.int == 7)
        #expect(throws: JSONError.self) { try JSONValue.parse(trusting: Array(bytes.dropLast(3)), in: 0..<(bytes.count - 3)) }
    }

    @Test func errorsNameTheOffsetNotTheContent() {
        do {
            _ = try JSONValue.parse(#"{"secret":"sk-123" "#)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("sk-123"))
            #expect(error.description.contains("byte"))
        }
    }
}
