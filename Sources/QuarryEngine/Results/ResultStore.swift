import Foundation
public import QuarryCore

/// Where answers live between harvest and assembly.
///
/// Each harvest writes one append-only *segment* file of encoded ``RecordResult``s in arrival order.
/// Each base shard (a contiguous range of input rows) has an *index* file: for every row of the range,
/// which segment holds its latest result and where. Harvest rewrites the indexes it touches with
/// temp-and-rename, so a crash leaves either the old or the new index; a repeated harvest writes the
/// same answers again. Memory is bounded by one shard's index (16 bytes a row), never the run.
public final class ResultStore: @unchecked Sendable {
    /// The folder holding `seg-*.bin` and `idx-*.bin`.
    public let directory: String
    private var readers: [UInt32: FileHandle] = [:]

    /// One index entry: 16 bytes on disk.
    struct Entry: Equatable {
        var segment: UInt32  // 0 = no result yet
        var length: UInt32
        var offset: UInt64
    }

    /// Opens (creating) the folder.
    public init(directory: String) throws(QuarryError) {
        self.directory = directory
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw QuarryError(.state, "cannot create \(directory): \(error.localizedDescription)")
        }
    }

    deinit { for h in readers.values { try? h.close() } }

    func segmentPath(_ id: UInt32) -> String { directory + "/seg-\(JobNaming.pad(Int(id), 6)).bin" }
    func indexPath(baseShard: Int) -> String { directory + "/idx-\(JobNaming.pad(baseShard, 6)).bin" }

    /// Starts a segment with id `id` (the harvested shard's seq, or a real-time round's id).
    func makeSegmentWriter(id: UInt32) throws(QuarryError) -> SegmentWriter {
        try SegmentWriter(id: id, path: segmentPath(id))
    }

    /// Loads a base shard's index (all zero entries when it has none yet).
    func loadIndex(baseShard: Int, rows: Int) -> [Entry] {
        var entries = [Entry](repeating: Entry(segment: 0, length: 0, offset: 0), count: rows)
        guard let data = FileManager.default.contents(atPath: indexPath(baseShard: baseShard)), data.count == rows * 16 else { return entries }
        data.withUnsafeBytes { raw in
            for i in 0..<rows {
                let base = i * 16
                entries[i] = Entry(segment: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self).littleEndian,
                                   length: raw.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self).littleEndian,
                                   offset: raw.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self).littleEndian)
            }
        }
        return entries
    }

    /// Writes a base shard's index atomically.
    func saveIndex(_ entries: [Entry], baseShard: Int) throws(QuarryError) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(entries.count * 16)
        for e in entries {
            withUnsafeBytes(of: e.segment.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: e.length.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: e.offset.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try AtomicFile.write(bytes, to: indexPath(baseShard: baseShard))
    }

    /// Reads one result.
    func read(_ entry: Entry) throws(QuarryError) -> RecordResult? {
        guard entry.segment != 0 else { return nil }
        let handle: FileHandle
        if let h = readers[entry.segment] { handle = h } else {
            guard let h = FileHandle(forReadingAtPath: segmentPath(entry.segment)) else {
                throw QuarryError(.state, "result segment \(segmentPath(entry.segment)) is missing", hint: "the state folder was damaged; rerun with --new-run")
            }
            readers[entry.segment] = h
            handle = h
        }
        var buffer = [UInt8](repeating: 0, count: Int(entry.length))
        let n = buffer.withUnsafeMutableBytes { pread(handle.fileDescriptor, $0.baseAddress, Int(entry.length), off_t(entry.offset)) }
        guard n == Int(entry.length) else { throw QuarryError(.state, "result segment \(segmentPath(entry.segment)) is truncated") }
        return buffer.withUnsafeBytes { RecordResult.decode($0) }
    }

    /// Closes cached segment readers.
    func closeReaders() {
        for h in readers.values { try? h.close() }
        readers.removeAll()
    }
}

/// Appends encoded results to a segment file (temp name until finished).
final class SegmentWriter {
    let id: UInt32
    let path: String
    let temp: String
    let handle: FileHandle
    var buffer: [UInt8] = []
    var offset: UInt64 = 0

    init(id: UInt32, path: String) throws(QuarryError) {
        self.id = id
        self.path = path
        temp = path + ".partial"
        FileManager.default.createFile(atPath: temp, contents: nil)
        guard let h = FileHandle(forWritingAtPath: temp) else { throw QuarryError(.state, "cannot write \(temp)") }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends a result; returns where it lives.
    func append(_ result: RecordResult) throws(QuarryError) -> ResultStore.Entry {
        let start = buffer.count
        result.encode(into: &buffer)
        let length = buffer.count - start
        let entry = ResultStore.Entry(segment: id, length: UInt32(length), offset: offset)
        offset += UInt64(length)
        if buffer.count >= 1 << 20 { try flush() }
        return entry
    }

    private func flush() throws(QuarryError) {
        do { try handle.write(contentsOf: buffer) } catch { throw QuarryError(.state, "cannot write \(temp): \(error.localizedDescription)") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and moves the segment into place.
    func finish() throws(QuarryError) {
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch { throw QuarryError(.state, "cannot finish \(temp): \(error.localizedDescription)") }
        guard rename(temp, path) == 0 else { throw QuarryError(.state, "cannot move \(temp) into place") }
    }
}

/// Whole-file atomic writes (temp file, fsync, rename).
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(QuarryError) {
        let temp = path + ".partial"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw QuarryError(.state, "cannot write \(temp) (errno \(errno))") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 { close(fd); throw QuarryError(.state, "cannot write \(temp) (errno \(errno))") }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temp, path) == 0 else { throw QuarryError(.state, "cannot move \(temp) into place (errno \(errno))") }
    }
}
