import Foundation
import QuarryCore
import Testing
@testable import QuarryEmulator

@Suite("Byte-level helpers")
struct ByteLevelTests {
    func lines(of text: String, chunkSize: Int) throws -> [(String, Int)] {
        let path = NSTemporaryDirectory() + "quarry-lines-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        var reader = try LineReader(path: path, chunkSize: chunkSize)
        var out: [(String, Int)] = []
        while try reader.next({ line, offset -> Bool in
            out.append((String(decoding: line, as: UTF8.self), offset))
            return true
        }) != nil {}
        return out
    }

    @Test("Lines split across chunks, longer than a chunk, with CRLF and without a final newline", arguments: [3, 7, 64, 1 << 20])
    func lineReader(chunkSize: Int) throws {
        let text = "first\r\nsecond line that is longer than a chunk\n\nlast"
        let got = try lines(of: text, chunkSize: chunkSize)
        #expect(got.map(\.0) == ["first", "second line that is longer than a chunk", "", "last"])
        #expect(got.map(\.1) == [0, 7, 47, 48])
    }

    @Test("Positioned reads return the bytes at an offset")
    func randomAccess() throws {
        let path = NSTemporaryDirectory() + "quarry-pread-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data("0123456789".utf8))
        let file = try RandomAccessFile(path: path)
        #expect(try file.read(offset: 3, length: 4) == Array("3456".utf8))
        #expect(throws: FileSystem.IOError.self) { try file.read(offset: 8, length: 5) }
    }

    @Test("Object keys cannot climb out of the storage root")
    func traversal() {
        let paths = ObjectStorePaths(root: "/tmp/root")
        #expect(paths.path(S3URI("s3://bucket/a/b.jsonl")!) == "/tmp/root/bucket/a/b.jsonl")
        #expect(paths.path(S3URI("s3://bucket/a/../../etc/passwd")!) == nil)
        #expect(throws: EmulatorError.self) { try paths.inputFiles(for: "s3://bucket/../x.jsonl") }
    }

    @Test("Vector components are written as fixed 7-decimal JSON numbers")
    func fixedNumbers() throws {
        var out: [UInt8] = []
        for v in [0.5, -0.25, 1.0, -0.000_000_01, 0.123_456_789] {
            StandInModel.appendFixed7(v, to: &out)
            out.append(UInt8(ascii: " "))
        }
        #expect(String(decoding: out, as: UTF8.self) == "0.5000000 -0.2500000 1.0000000 0.0000000 0.1234568 ")
        let vector = StandInModel.unitVectorJSON(seed: 1, dimensions: 8)
        let values = try JSONValue.parse(vector).elements.compactMap(\.double)
        #expect(values.count == 8)
        #expect(vector == StandInModel.unitVectorJSON(seed: 1, dimensions: 8))
        #expect(vector != StandInModel.unitVectorJSON(seed: 2, dimensions: 8))
    }

    @Test("Job identifiers: ARN or bare 12-character id")
    func identifiers() {
        typealias R = CreateModelInvocationJobRequest
        #expect(R.jobId(fromIdentifier: "abcdefghij12") == "abcdefghij12")
        #expect(R.jobId(fromIdentifier: "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghij12") == "abcdefghij12")
        #expect(R.jobId(fromIdentifier: "ABCDEFGHIJ12") == nil)
        #expect(R.jobId(fromIdentifier: "abc") == nil)
        #expect(R.jobId(fromIdentifier: "arn:aws:bedrock:us-east-1:123456789012:something/abcdefghij12") == nil)
    }
}
