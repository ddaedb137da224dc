import Foundation
import QuarryTable
import Testing

@Suite struct BackgroundWriterTests {
    func temporaryPath() -> String { NSTemporaryDirectory() + "quarry-bgw-\(UUID().uuidString.prefix(8))" }

    @Test(arguments: [false, true])
    func everyBufferLandsInOrder(direct: Bool) throws {
        let path = temporaryPath()
        defer { unlink(path) }
        // Direct: whole 1 MiB blocks bypass the page cache, the unaligned tail is written buffered.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (direct ? BackgroundWriter.directFlag ?? 0 : 0), 0o644)
        try #require(fd >= 0)
        let writer = BackgroundWriter(fd: fd, capacity: 1 << 10, depth: 2, direct: direct)
        var expected: [UInt8] = []
        var buffer: [UInt8] = []
        for i in 0..<2_000 {
            // Uneven sizes, some past the write-behind step, so buffers are swapped, grown and reused.
            let chunk = [UInt8](repeating: UInt8(i % 251), count: i % 7 == 0 ? 40_000 : 1 + i % 300)
            buffer.append(contentsOf: chunk)
            expected.append(contentsOf: chunk)
            try writer.submit(&buffer)
            #expect(buffer.isEmpty)
            // A drain midway writes the tail; what follows goes on after it.
            if i == 1_000 { try writer.drain() }
        }
        try writer.drain()
        writer.stop()
        close(fd)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }

    @Test func aFailedWriteIsReportedByTheNextCall() throws {
        let path = temporaryPath()
        defer { unlink(path) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let fd = open(path, O_RDONLY)  // writes fail with EBADF
        try #require(fd >= 0)
        defer { close(fd) }
        let writer = BackgroundWriter(fd: fd, capacity: 64)
        var buffer = Array("hello".utf8)
        try writer.submit(&buffer)
        #expect(throws: BackgroundWriter.WriteFailure.self) { try writer.drain() }
        buffer = Array("again".utf8)
        #expect(throws: BackgroundWriter.WriteFailure.self) { try writer.submit(&buffer) }
    }

    @Test func anAbandonedOutputLeavesNothingBehind() throws {
        let folder = temporaryPath()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var file: AtomicOutputFile? = try AtomicOutputFile(path: folder + "/out.csv")
        var bytes = [UInt8](repeating: 0x41, count: 1 << 20)
        try file!.write(&bytes)
        file!.abandon()
        file = nil
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        let done = try AtomicOutputFile(path: folder + "/out.csv")
        bytes = Array("a,b\n".utf8)
        var rest = Array("1,2\n".utf8)
        try done.write(&bytes)
        try done.finish(&rest)
        #expect(try String(contentsOfFile: folder + "/out.csv", encoding: .utf8) == "a,b\n1,2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
    }
}
