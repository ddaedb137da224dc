#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file in large chunks into one reusable buffer, or maps it.
///
/// The unconsumed tail (bytes from ``start``) is kept when refilling, so a parser can ask for more data
/// in the middle of a record and resume from the record's start.
///
/// A regular file is mapped instead (read-only, `MADV_SEQUENTIAL`): the whole file is the buffer and
/// the kernel's copy into a read buffer, most of the cost of scanning a file that is in the page
/// cache, disappears. Pages behind ``start`` are unmapped every few megabytes (`MADV_DONTNEED`; they
/// stay in the page cache), so the resident set stays small however large the file. A file that
/// shrinks while mapped ends the process with SIGBUS, as it would `grep` or `rg`; a run stopped that
/// way resumes like any other crash, and its changed input is refused.
final class ChunkReader {
    let path: String
    private var fd: Int32
    /// The buffer; valid bytes are `buffer[0 ..< end]`. Read-only when the file is mapped.
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Offset of the first byte not yet consumed.
    var start = 0 {
        didSet { if mapped && start - released >= Self.releaseStep { release() } }
    }
    /// Whether `buffer` is a mapping of the whole file, and how much of it was unmapped behind `start`.
    private var mapped = false
    private var released = 0
    private static let releaseStep = 32 << 20
    /// Files smaller than this are read, not mapped.
    static let mapThreshold = 1 << 20
    /// Number of valid bytes in the buffer.
    private(set) var end = 0
    /// Whether the whole file has been read into the buffer at some point.
    private(set) var eof = false
    /// Total bytes read from the file.
    private(set) var bytesRead = 0

    init(path: String, chunkSize: Int = Table.defaultReadChunkBytes) throws(TableError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ENOENT {
                throw TableError(.fileNotFound, file: path, reason: "no such file",
                                 hint: "check the path (relative paths start at the current folder)")
            }
            throw TableError(.unreadable, file: path, reason: "cannot open: \(String(cString: strerror(e)))",
                             hint: "check the file's permissions")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw TableError(.unreadable, file: path, reason: "is a folder, not a file", hint: "name a table file")
        }
        self.fd = fd
        let size = Int(st.st_size)
        if (st.st_mode & S_IFMT) == S_IFREG, size >= Self.mapThreshold,
           let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED {
            _ = madvise(map, size, MADV_SEQUENTIAL)
            buffer = map.assumingMemoryBound(to: UInt8.self)
            capacity = size
            end = size
            bytesRead = size
            eof = true
            mapped = true
            close(fd)
            self.fd = -1
            return
        }
        capacity = max(chunkSize, 4)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        if fd >= 0 { close(fd) }
        if mapped { munmap(buffer, capacity) } else { buffer.deallocate() }
    }

    /// Unmaps the whole pages behind `start`.
    private func release() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let upTo = start / page * page
        guard upTo > released else { return }
        _ = madvise(buffer + released, upTo - released, MADV_DONTNEED)
        released = upTo
    }

    /// The unconsumed bytes.
    var available: Int { end - start }

    /// Moves the unconsumed bytes to the front and reads more; grows the buffer when it is full of
    /// unconsumed bytes (a record larger than the buffer). Returns false at end of file.
    @discardableResult
    func refill() throws(TableError) -> Bool {
        if eof { return false }
        if start > 0 {
            let n = end - start
            if n > 0 { buffer.update(from: buffer + start, count: n) }
            start = 0
            end = n
        }
        if end == capacity {
            let newCapacity = capacity * 2
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity = newCapacity
        }
        while true {
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                throw TableError(.unreadable, file: path, reason: "read failed: \(String(cString: strerror(e)))")
            }
            if n == 0 {
                eof = true
                close(fd)
                fd = -1
                return false
            }
            end += n
            bytesRead += n
            return true
        }
    }

    /// Skips a UTF-8 byte order mark at the start of the file.
    func skipBOM() throws(TableError) {
        while available < 3, try refill() {}
        if available >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
    }
}
