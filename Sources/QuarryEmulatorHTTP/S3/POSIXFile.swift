import Foundation
import QuarryCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor with the few operations the object store needs; closed on deinit.
final class POSIXFile: @unchecked Sendable {
    let fd: Int32
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens `path` for reading; nil when it does not exist or is not a regular file.
    static func openForReading(_ path: String) -> POSIXFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        return POSIXFile(fd: fd, path: path)
    }

    /// Creates a new file (failing if it exists), readable by the owner and group.
    static func create(_ path: String) -> POSIXFile? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        return POSIXFile(fd: fd, path: path)
    }

    /// Writes all of `bytes`; false on an I/O error.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool { FileWrite.all(fd, bytes) == 0 }

    /// Reads up to `count` bytes at `offset` into `buffer`; the number read, 0 at the end, -1 on error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n < 0, errno == EINTR { continue }
            return n
        }
    }

    /// Size and modification time.
    func attributes() -> (size: Int, modified: Date)? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return (Int(st.st_size), POSIXFile.date(st))
    }

    static func attributes(_ path: String) -> (size: Int, modified: Date, isDirectory: Bool)? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return (Int(st.st_size), date(st), (st.st_mode & S_IFMT) == S_IFDIR)
    }

    private static func date(_ st: stat) -> Date {
        #if canImport(Darwin)
        let ts = st.st_mtimespec
        #else
        let ts = st.st_mtim
        #endif
        return Date(timeIntervalSince1970: Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9)
    }

    /// `rename(2)`: atomically replaces `to`.
    static func rename(_ from: String, to: String) -> Bool {
        #if canImport(Darwin)
        Darwin.rename(from, to) == 0
        #elseif canImport(Glibc)
        Glibc.rename(from, to) == 0
        #else
        Musl.rename(from, to) == 0
        #endif
    }

    static func remove(_ path: String) { unlink(path) }

    /// Removes `path` when it is an empty directory.
    @discardableResult
    static func removeEmptyDirectory(_ path: String) -> Bool { rmdir(path) == 0 }
}
