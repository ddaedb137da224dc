#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// A file written under a temporary name in the destination's folder and renamed into place when
/// complete. Output is buffered and written in large blocks.
final class AtomicOutputFile {
    let path: String
    let temporaryPath: String
    private var fd: Int32
    private(set) var state: State = .open

    enum State { case open, finished, abandoned }

    init(path: String) throws(TableError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let random = String(UInt64.random(in: 0 ... .max), radix: 36)
        temporaryPath = (slash == nil ? "" : folder + "/") + "." + name + ".partial-" + random
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            let e = errno
            var hint = "check that the folder exists and is writable"
            if e == ENOENT { hint = "create the folder \(folder) first" }
            throw TableError(.notWritable, file: path, reason: "cannot create the output: \(String(cString: strerror(e)))",
                             hint: hint)
        }
        self.fd = fd
    }

    deinit { abandon() }

    /// Writes all of `buffer` and empties it (keeping its storage).
    func write(_ buffer: inout [UInt8]) throws(TableError) {
        guard state == .open else {
            throw TableError(.notWritable, file: path, reason: "the output is already \(state == .finished ? "finished" : "abandoned")")
        }
        let count = buffer.count
        var written = 0
        let fd = self.fd
        let failure: Int32 = buffer.withUnsafeBytes { p in
            while written < count {
                let n = systemWrite(fd, p.baseAddress! + written, count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return 0
        }
        buffer.removeAll(keepingCapacity: true)
        if failure != 0 {
            abandon()
            throw TableError(.notWritable, file: path, reason: "write failed: \(String(cString: strerror(failure)))",
                             hint: "check free disk space")
        }
    }

    /// Writes `rest`, syncs, and renames the temporary file to ``path``.
    func finish(_ rest: inout [UInt8]) throws(TableError) {
        try write(&rest)
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
    func abandon() {
        guard state == .open else { return }
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
