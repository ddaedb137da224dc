#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let sysWrite = Glibc.write
private let sysClose = Glibc.close
#elseif canImport(Musl)
private let sysWrite = Musl.write
private let sysClose = Musl.close
#elseif canImport(Darwin)
private let sysWrite = Darwin.write
private let sysClose = Darwin.close
#endif

/// Where a writer's bytes go: a file (written with `write(2)`) or memory.
final class OutputSink {
    private var fd: Int32 = -1
    private(set) var memory: [UInt8] = []
    private(set) var offset = 0
    let path: String?

    /// Creates (truncating) the file at `path`.
    init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ParquetError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.path = path
    }

    /// Collects bytes in memory.
    init() { path = nil }

    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 20

    func write(_ bytes: [UInt8]) throws {
        offset += bytes.count
        if fd < 0 {
            memory += bytes
            return
        }
        if bytes.count < 64 << 10 && buffer.count + bytes.count <= Self.bufferSize {
            buffer += bytes
            return
        }
        try flushBuffer()
        if bytes.count >= 64 << 10 { try writeAll(bytes) } else { buffer += bytes }
    }

    private func flushBuffer() throws {
        guard !buffer.isEmpty else { return }
        try writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = sysWrite(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetError(.io, "cannot write \(path ?? ""): \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
    }

    func close() throws {
        if fd >= 0 {
            try flushBuffer()
            let rc = sysClose(fd)
            fd = -1
            if rc != 0 { throw ParquetError(.io, "cannot close \(path ?? ""): \(String(cString: strerror(errno)))") }
        }
    }

    deinit { if fd >= 0 { _ = sysClose(fd) } }
}
