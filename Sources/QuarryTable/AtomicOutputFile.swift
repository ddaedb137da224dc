#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name in the destination's folder and renamed into place when
/// complete. Output is buffered and written in large blocks.
public final class AtomicOutputFile {
    /// Where the file appears when finished.
    public let path: String
    /// Where it is written until then.
    public let temporaryPath: String
    private var fd: Int32
    /// Writes on another core while the sink builds the next buffer.
    private let writer: BackgroundWriter
    private(set) var state: State = .open

    /// Open, renamed into place, or discarded.
    public enum State { case open, finished, abandoned }

    /// Creates the temporary file beside `path`.
    public init(path: String) throws(TableError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let random = String(UInt64.random(in: 0 ... .max), radix: 36)
        temporaryPath = (slash == nil ? "" : folder + "/") + "." + name + ".partial-" + random
        // Direct writes where the file system takes them (see BackgroundWriter).
        var direct = BackgroundWriter.directFlag != nil
        var fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | (BackgroundWriter.directFlag ?? 0), 0o644)
        if fd < 0 && errno == EINVAL {
            direct = false
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        if fd < 0 {
            let e = errno
            var hint = "check that the folder exists and is writable"
            if e == ENOENT { hint = "create the folder \(folder) first" }
            throw TableError(.notWritable, file: path, reason: "cannot create the output: \(String(cString: strerror(e)))",
                             hint: hint)
        }
        self.fd = fd
        writer = BackgroundWriter(fd: fd, capacity: sinkFlushThreshold + (64 << 10), depth: 16, direct: direct)
    }

    deinit { abandon() }

    /// Hands `buffer` to the writer thread and replaces it with an empty one (capacity kept).
    public func write(_ buffer: inout [UInt8]) throws(TableError) {
        guard state == .open else {
            throw TableError(.notWritable, file: path, reason: "the output is already \(state == .finished ? "finished" : "abandoned")")
        }
        do { try writer.submit(&buffer) } catch {
            abandon()
            throw TableError(.notWritable, file: path, reason: "write failed: \(error)", hint: "check free disk space")
        }
    }

    /// Writes `rest`, syncs, and renames the temporary file to ``path``.
    public func finish(_ rest: inout [UInt8]) throws(TableError) {
        try write(&rest)
        do { try writer.drain() } catch {
            abandon()
            throw TableError(.notWritable, file: path, reason: "write failed: \(error)", hint: "check free disk space")
        }
        writer.stop()
        if fsync(fd) != 0 {
            let e = errno
            abandon()
            throw TableError(.notWritable, file: path, reason: "fsync failed: \(String(cString: strerror(e)))")
        }
        close(fd)
        fd = -1
        if rename(temporaryPath, path) != 0 {
            let e = errno
            abandon()
            throw TableError(.notWritable, file: path, reason: "cannot rename the finished output into place: \(String(cString: strerror(e)))",
                             hint: "check that the destination is not a folder and its folder is writable")
        }
        state = .finished
        syncFolder()
    }

    /// Closes and removes the temporary file. Does nothing once finished.
    public func abandon() {
        guard state == .open else { return }
        writer.stop()
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporaryPath)
        state = .abandoned
    }

    /// Makes the rename durable.
    private func syncFolder() {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dfd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}
