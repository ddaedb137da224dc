#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)` until every byte is written (partial writes continued, `EINTR` retried).
public enum FileWrite {
    /// Writes all of `bytes` to `fd`; returns 0, or the `errno` of the failed call.
    public static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var written = 0
        while written < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            #elseif canImport(Musl)
            let n = Musl.write(fd, bytes.baseAddress! + written, bytes.count - written)
            #else
            let n = Darwin.write(fd, bytes.baseAddress! + written, bytes.count - written)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += n
        }
        return 0
    }
}
