import Foundation
import NIOCore
import QuarryCore

/// A cache data file open for writing at any offset (`pwrite`), shared by the parallel range
/// downloads of one object.
final class CacheFile: @unchecked Sendable {
    let path: String
    private let fd: Int32

    /// Opens (creating) `path`; `size` sets its length (a sparse file: absent ranges read as zeros and take no disk).
    init(path: String, size: Int? = nil, truncate: Bool = false) throws(QuarryError) {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw QuarryError(.state, "cannot open the cache file \(path) (errno \(errno))", hint: "check the state folder's permissions") }
        if let size, ftruncate(fd, off_t(size)) != 0 {
            let e = errno
            close(fd)
            throw QuarryError(.state, "cannot size the cache file \(path) (errno \(e))", hint: "is the disk full?")
        }
    }

    deinit { close(fd) }

    /// Writes `buffer` at `offset`.
    func write(_ buffer: ByteBuffer, at offset: Int) throws(QuarryError) {
        var failure: Int32 = 0
        buffer.withUnsafeReadableBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        if failure != 0 { throw QuarryError(.state, "cannot write the cache file \(path) (errno \(failure))", hint: "is the disk full?") }
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws(QuarryError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw QuarryError(.state, "cannot truncate the cache file \(path) (errno \(errno))") }
    }

    /// Makes everything written so far durable.
    func sync() throws(QuarryError) {
        guard fsync(fd) == 0 else { throw QuarryError(.state, "cannot sync the cache file \(path) (errno \(errno))") }
    }

    /// The file's current size.
    static func size(of path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }
}
