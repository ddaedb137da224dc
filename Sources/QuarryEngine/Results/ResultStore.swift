import Foundation
public import QuarryCore
import QuarryTable

/// Where answers live between harvest and assembly.
///
/// Each harvest writes one append-only *segment* file of encoded ``RecordResult``s in arrival order.
/// When the provider's output is a file on this machine (the local object store), its successful
/// records are not copied: the output file is hard-linked into the folder as a *raw* file and the
/// index points at each record's `modelOutput` in it, to be parsed again at assembly. Writing new
/// bytes is the costliest thing the harvest does (see docs/benchmarks.md), and the answers are
/// already on disk.
/// Each base shard (a contiguous range of input rows) has an *index* file: for every row of the range,
/// which segment holds its latest result and where. Harvest rewrites the indexes it touches with
/// temp-and-rename, so a crash leaves either the old or the new index; a repeated harvest writes the
/// same answers again. Memory is bounded by one shard's index (16 bytes a row), never the run.
public final class ResultStore: @unchecked Sendable {
    /// The folder holding `seg-*.bin` and `idx-*.bin`.
    public let directory: String
    /// Open result files by entry `segment`.
    private var readers: [UInt32: Int32] = [:]

    /// One index entry: 16 bytes on disk.
    ///
    /// `segment` 0 means no result yet. With ``rawFlag`` set, the rest of `segment` names a raw file,
    /// `offset` is where the record's `modelOutput` starts in it, and `length` holds the value's
    /// length in its low 24 bits and the record's attempts in its high 8.
    struct Entry: Equatable {
        var segment: UInt32
        var length: UInt32
        var offset: UInt64

        /// A reference to a successful record's `modelOutput` in raw file `file`; nil when it does not fit.
        static func raw(file: UInt32, offset: Int, length: Int, attempts: Int) -> Entry? {
            guard file < rawFlag, length < 1 << 24, attempts < 256 else { return nil }
            return Entry(segment: rawFlag | file, length: UInt32(attempts) << 24 | UInt32(length), offset: UInt64(offset))
        }

        var isRaw: Bool { segment & rawFlag != 0 }
        /// How many bytes the result takes in its file.
        var storedLength: Int { Int(isRaw ? length & 0xFF_FFFF : length) }
    }

    /// Marks an index entry that points into a raw provider output file.
    static let rawFlag: UInt32 = 0x8000_0000

    /// Opens (creating) the folder.
    public init(directory: String) throws(QuarryError) {
        self.directory = directory
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw QuarryError(.state, "cannot create \(directory): \(error.localizedDescription)")
        }
    }

    deinit { closeReaders() }

    func segmentPath(_ id: UInt32) -> String { directory + "/seg-\(JobNaming.pad(Int(id), 6)).bin" }
    func indexPath(baseShard: Int) -> String { directory + "/idx-\(JobNaming.pad(baseShard, 6)).bin" }
    func rawPath(_ id: UInt32) -> String { directory + "/raw-\(JobNaming.pad(Int(id), 9)).jsonl" }
    /// The file an index entry's `segment` names.
    func path(of segment: UInt32) -> String { segment & Self.rawFlag != 0 ? rawPath(segment & ~Self.rawFlag) : segmentPath(segment) }

    /// The raw file id of the `index`-th output object of shard `seq`; nil past the id space.
    static func rawFileId(seq: Int, object index: Int) -> UInt32? {
        guard index < 64, seq < 1 << 25 else { return nil }
        return UInt32(seq << 6 | index)
    }

    /// Hard-links a provider output file into the folder as raw file `id` (replacing one left by an
    /// interrupted harvest). False when the file cannot be linked (another file system): the caller
    /// then copies the records into its segment.
    func linkRaw(from path: String, id: UInt32) -> Bool {
        let target = rawPath(id)
        unlink(target)
        return link(path, target) == 0
    }

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

    /// Reads one result; a raw entry is parsed with `adapter`, the adapter that harvested it.
    /// (Assembly reads many at once with ``gather(_:into:)``.)
    func read(_ entry: Entry, adapter: any ModelAdapter) throws(QuarryError) -> RecordResult? {
        var g = Gathered(store: self)
        try gather([entry][...], into: &g)
        return try g.result(0, adapter: adapter)
    }

    /// The results of consecutive rows, read together.
    struct Gathered {
        /// The rows' stored bytes, in row order (and what is left of earlier, longer rows).
        var bytes: [UInt8] = []
        /// Where a read lands before its pieces are put in place.
        var scratch: [UInt8] = []
        /// Where each row's bytes start in ``bytes``.
        var starts: [Int] = []
        var entries: [Entry] = []
        /// Names the files in messages.
        let store: ResultStore

        /// Row `i`'s result; a raw entry is parsed with `adapter`, the adapter that harvested it.
        func result(_ i: Int, adapter: any ModelAdapter) throws(QuarryError) -> RecordResult? {
            let entry = entries[i]
            guard entry.segment != 0 else { return nil }
            let start = starts[i], length = entry.storedLength
            guard entry.isRaw else {
                return bytes.withUnsafeBytes { RecordResult.decode(UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)])) }
            }
            // Validated when harvested; a changed file still fails the adapter's lookups.
            let output = JSONValue(validated: bytes, range: start..<(start + length))
            let response: ModelResponse
            do {
                guard output.kind == .object, bytes[start + length - 1] == UInt8(ascii: "}") else { throw ModelOutputError("not an object") }
                response = try adapter.parseModelOutput(output)
            } catch {
                throw QuarryError(.state, "result file \(store.path(of: entry.segment)) changed since it was harvested (at byte \(entry.offset))",
                                  hint: "the state folder was damaged; rerun with --new-run")
            }
            return RecordResult(status: .ok, text: response.text.map { Array($0.utf8) }, embeddingJSON: response.embeddingJSON,
                                inputTokens: response.inputTokens, outputTokens: response.outputTokens, stopReason: response.stopReason,
                                attempts: Int(entry.length >> 24))
        }
    }

    /// Reads the results of consecutive rows in file order, not row order: a provider may write its
    /// output in any order, and one `pread` per row costs more than the row's parse. Results close
    /// together in a file are read with one `pread` of up to ``gatherReadBytes``; the caller bounds
    /// the memory by the entries it passes. `g`'s buffers are reused: they only grow.
    func gather(_ entries: ArraySlice<Entry>, into g: inout Gathered) throws(QuarryError) {
        /// Where one result is in its file and goes in the buffer.
        struct Piece {
            var segment: UInt32
            var length: Int
            var offset: Int
            var start: Int
        }
        g.entries.removeAll(keepingCapacity: true)
        g.entries.append(contentsOf: entries)
        g.starts.removeAll(keepingCapacity: true)
        var pieces: [Piece] = []
        pieces.reserveCapacity(entries.count)
        var total = 0
        for e in entries {
            g.starts.append(total)
            guard e.segment != 0 else { continue }
            pieces.append(Piece(segment: e.segment, length: e.storedLength, offset: Int(e.offset), start: total))
            total += e.storedLength
        }
        if g.bytes.count < total { g.bytes = [UInt8](repeating: 0, count: total) }
        // Usually one file: then the offsets alone order the pieces, and compare fastest.
        if pieces.allSatisfy({ $0.segment == pieces[0].segment }) {
            pieces.sort { $0.offset < $1.offset }
        } else {
            pieces.sort { $0.segment != $1.segment ? $0.segment < $1.segment : $0.offset < $1.offset }
        }
        var i = 0
        while i < pieces.count {
            // One read: pieces of one file, each starting within `gatherGapBytes` of the last's end.
            let first = pieces[i]
            let fd = try reader(first.segment)
            var readEnd = first.offset + first.length
            var j = i + 1
            while j < pieces.count {
                let e = pieces[j]
                guard e.segment == first.segment, e.offset <= readEnd + Self.gatherGapBytes,
                      e.offset + e.length - first.offset <= Self.gatherReadBytes else { break }
                readEnd = max(readEnd, e.offset + e.length)
                j += 1
            }
            if j == i + 1 {
                // A lone result goes straight to its place.
                try Self.readFully(fd, into: &g.bytes, at: first.start, count: first.length, from: first.offset, path: path(of: first.segment))
            } else {
                if g.scratch.count < readEnd - first.offset { g.scratch = [UInt8](repeating: 0, count: max(Self.gatherReadBytes, readEnd - first.offset)) }
                try Self.readFully(fd, into: &g.scratch, at: 0, count: readEnd - first.offset, from: first.offset, path: path(of: first.segment))
                g.bytes.withUnsafeMutableBytes { out in
                    g.scratch.withUnsafeBytes { block in
                        for e in pieces[i..<j] {
                            out.baseAddress!.advanced(by: e.start).copyMemory(from: block.baseAddress!.advanced(by: e.offset - first.offset), byteCount: e.length)
                        }
                    }
                }
            }
            i = j
        }
    }

    /// Results closer than this in a file are read together (the bytes between are read and dropped).
    static let gatherGapBytes = 64 << 10
    /// The largest single read.
    static let gatherReadBytes = 4 << 20

    private static func readFully(_ fd: Int32, into buffer: inout [UInt8], at index: Int, count: Int, from offset: Int, path: @autoclosure () -> String) throws(QuarryError) {
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + index + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw QuarryError(.state, "result file \(path()) is truncated", hint: "the state folder was damaged; rerun with --new-run")
            }
            done += n
        }
    }

    /// The open file behind entry segment `segment`.
    private func reader(_ segment: UInt32) throws(QuarryError) -> Int32 {
        if let fd = readers[segment] { return fd }
        let name = path(of: segment)
        let fd = open(name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw QuarryError(.state, "result file \(name) is missing", hint: "the state folder was damaged; rerun with --new-run")
        }
        readers[segment] = fd
        return fd
    }

    /// Closes cached readers.
    func closeReaders() {
        for fd in readers.values { close(fd) }
        readers.removeAll()
    }
}

/// Appends encoded results to a segment file (temp name until finished).
final class SegmentWriter {
    let id: UInt32
    let file: AtomicOutputFile
    var buffer: [UInt8] = []
    var offset: UInt64 = 0
    /// Writes of this size keep the buffer in the CPU cache while the kernel copies it.
    static let flushBytes = 128 << 10

    init(id: UInt32, path: String) throws(QuarryError) {
        self.id = id
        do { file = try AtomicOutputFile(path: path) } catch { throw QuarryError(.state, error.description) }
        buffer.reserveCapacity(Self.flushBytes + (64 << 10))
    }

    /// Appends a result; returns where it lives.
    func append(_ result: RecordResult) throws(QuarryError) -> ResultStore.Entry {
        let start = buffer.count
        result.encode(into: &buffer)
        let length = buffer.count - start
        let entry = ResultStore.Entry(segment: id, length: UInt32(length), offset: offset)
        offset += UInt64(length)
        if buffer.count >= Self.flushBytes {
            do { try file.write(&buffer) } catch { throw QuarryError(.state, error.description) }
        }
        return entry
    }

    /// Writes the rest, syncs and moves the segment into place.
    func finish() throws(QuarryError) {
        do { try file.finish(&buffer) } catch { throw QuarryError(.state, error.description) }
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
