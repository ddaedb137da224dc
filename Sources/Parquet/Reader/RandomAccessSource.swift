#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Random-access bytes a Parquet file is read from (a local file, memory, or a remote object
/// behind range requests).
public protocol RandomAccessSource: Sendable {
    /// Total size in bytes.
    var size: Int { get }
    /// Reads exactly `count` bytes at `offset` (the range is within `size`).
    func read(at offset: Int, count: Int) throws -> [UInt8]
}

/// An in-memory source.
public struct MemorySource: RandomAccessSource {
    /// The bytes.
    public let bytes: [UInt8]
    /// Creates a value from its parts.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// The size.
    public var size: Int { bytes.count }
    /// See the type documentation.
    public func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw ParquetError.corrupt("read of \(count) bytes at \(offset) is outside the \(bytes.count)-byte input")
        }
        return Array(bytes[offset..<(offset + count)])
    }
}

/// A local file read with `pread`.
public final class FileSource: RandomAccessSource {
    private let fd: Int32
    /// The size.
    public let size: Int
    /// The path the file was opened from.
    public let path: String

    /// Opens `path` for reading.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let msg = String(cString: strerror(errno))
            close(fd)
            throw ParquetError(.io, "cannot stat \(path): \(msg)")
        }
        self.fd = fd
        self.size = Int(st.st_size)
        self.path = path
    }

    deinit { close(fd) }

    /// See the type documentation.
    public func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError.corrupt("read of \(count) bytes at \(offset) is outside the \(size)-byte file \(path)")
        }
        var failure: ParquetError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buf.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = ParquetError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
                    break
                }
                if n == 0 {
                    failure = ParquetError(.io, "\(path) ended early (was it truncated while reading?)")
                    break
                }
                done += n
            }
            initialized = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return out
    }
}
