#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
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

    func write(_ bytes: [UInt8]) throws {
        if fd < 0 {
            memory += bytes
        } else {
            try bytes.withUnsafeBytes { buf in
                var done = 0
                while done < buf.count {
                    let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw ParquetError(.io, "cannot write \(path ?? ""): \(String(cString: strerror(errno)))")
                    }
                    done += n
                }
            }
        }
        offset += bytes.count
    }

    func close() throws {
        if fd >= 0 {
            let rc = Glibc.close(fd)
            fd = -1
            if rc != 0 { throw ParquetError(.io, "cannot close \(path ?? ""): \(String(cString: strerror(errno)))") }
        }
    }

    deinit { if fd >= 0 { _ = Glibc.close(fd) } }
}
