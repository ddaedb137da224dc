import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX helpers: rename over an existing file, streaming reads, positioned reads and
/// buffered writes, all on bytes.
enum FileSystem {
    struct IOError: Error {
        var operation: String
        var code: Int32
    }

    /// Renames `from` to `to`, replacing `to` atomically.
    static func rename(_ from: String, to: String) throws(IOError) {
        #if canImport(Glibc)
        let rc = Glibc.rename(from, to)
        #else
        let rc = Darwin.rename(from, to)
        #endif
        if rc != 0 { throw IOError(operation: "rename", code: errno) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func isRegularFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    static func createDirectory(_ path: String) throws(IOError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw IOError(operation: "mkdir", code: EIO)
        }
    }
}

private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, p, n)
    #else
    Darwin.write(fd, p, n)
    #endif
}

/// Reads a file front to back in large chunks and hands out its lines (without the newline, and
/// without a trailing `\r`) with their byte offsets. Memory is one chunk plus the longest line.
struct LineReader: ~Copyable {
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0      // first unconsumed byte in buffer
    private var end = 0        // bytes valid in buffer
    private var fileOffset = 0 // file offset of buffer[0]
    private var eof = false
    /// 1-based number of the last line returned.
    private(set) var lineNumber = 0

    init(path: String, chunkSize: Int = 1 << 20) throws(FileSystem.IOError) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileSystem.IOError(operation: "open", code: errno) }
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { close(fd) }

    /// Calls `body` with the next line and its offset and length in the file (length excludes the
    /// line terminator); returns false at the end of the file.
    mutating func next<T>(_ body: (UnsafeBufferPointer<UInt8>, _ offset: Int) throws -> T) throws -> T? {
        while true {
            let (s0, e0) = (start, end)
            let found: Int? = buffer.withUnsafeBufferPointer { p in
                guard e0 > s0, let hit = memchr(p.baseAddress! + s0, 0x0A, e0 - s0) else { return nil }
                return p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = found {
                let lineStart = start
                start = nl + 1
                lineNumber += 1
                var lineEnd = nl
                if lineEnd > lineStart, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return try buffer.withUnsafeBufferPointer { p in
                    try body(UnsafeBufferPointer(rebasing: p[lineStart..<lineEnd]), fileOffset + lineStart)
                }
            }
            if eof {
                guard start < end else { return nil }
                let lineStart = start
                start = end
                lineNumber += 1
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return try buffer.withUnsafeBufferPointer { p in
                    try body(UnsafeBufferPointer(rebasing: p[lineStart..<lineEnd]), fileOffset + lineStart)
                }
            }
            try fill()
        }
    }

    private mutating func fill() throws(FileSystem.IOError) {
        // Move the partial line to the front, growing the buffer if a line fills it.
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    _ = memmove(p.baseAddress!, p.baseAddress! + start, remaining)
                }
            }
            fileOffset += start
            end = remaining
            start = 0
        }
        if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
        let n = buffer.withUnsafeMutableBufferPointer { p in
            read(fd, p.baseAddress! + end, p.count - end)
        }
        if n < 0 {
            if errno == EINTR { return }
            throw FileSystem.IOError(operation: "read", code: errno)
        }
        if n == 0 { eof = true } else { end += n }
    }
}

/// Positioned reads from one file.
struct RandomAccessFile: ~Copyable {
    private let fd: Int32

    init(path: String) throws(FileSystem.IOError) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileSystem.IOError(operation: "open", code: errno) }
    }

    deinit { close(fd) }

    /// Reads exactly `length` bytes at `offset`.
    func read(offset: Int, length: Int) throws(FileSystem.IOError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = out.withUnsafeMutableBufferPointer { p in
                pread(fd, p.baseAddress! + done, length - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystem.IOError(operation: "pread", code: errno)
            }
            if n == 0 { throw FileSystem.IOError(operation: "pread", code: EIO) }
            done += n
        }
        return out
    }
}

/// A file written through a large buffer, under a temporary name until ``commit(to:)``.
struct BufferedFileWriter: ~Copyable {
    private let fd: Int32
    let tempPath: String
    private var buffer: [UInt8] = []
    private let flushThreshold: Int

    init(tempPath: String, flushThreshold: Int = 1 << 20) throws(FileSystem.IOError) {
        self.tempPath = tempPath
        self.flushThreshold = flushThreshold
        fd = open(tempPath, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileSystem.IOError(operation: "open", code: errno) }
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    deinit { close(fd) }

    mutating func write(_ bytes: [UInt8]) throws(FileSystem.IOError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    mutating func flush() throws(FileSystem.IOError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBufferPointer { p in
                systemWrite(fd, p.baseAddress! + done, p.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystem.IOError(operation: "write", code: errno)
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the temporary file (the caller renames it into place later).
    consuming func finish() throws(FileSystem.IOError) {
        try flush()
        if fsync(fd) != 0 { throw FileSystem.IOError(operation: "fsync", code: errno) }
    }
}
