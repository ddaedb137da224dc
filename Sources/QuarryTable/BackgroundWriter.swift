#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes buffers to a file descriptor on a thread of its own, so the kernel's copy into the page
/// cache (on a large output, the biggest single cost of writing it) runs on another core while
/// the caller builds the next buffer.
///
/// The caller fills a buffer and hands it over with ``submit(_:)``, getting an empty one back; at
/// most `depth` buffers wait, so memory stays bounded by `depth + 2` buffers. Buffers circulate
/// instead of being freed, which keeps them out of the allocator. A write error is reported by the
/// next call. The descriptor stays the caller's to close, after ``drain()`` or ``stop()``.
///
/// Every few megabytes it asks the kernel to start writing what it wrote to disk
/// (`POSIX_FADV_DONTNEED` on dirty pages starts their write-back without waiting for it), so the
/// disk works while the file is produced and the `fsync` that finishes it has little left to wait for.
public final class BackgroundWriter: Sendable {
    private let shared: Shared

    /// Starts the writer thread for `fd`. Buffers handed back have at least `capacity` bytes reserved.
    public init(fd: Int32, capacity: Int, depth: Int = 4) {
        shared = Shared(fd: fd, capacity: capacity, depth: max(1, depth))
        let thread = Thread { [shared] in shared.loop() }
        thread.name = "quarry-writer"
        thread.start()
    }

    deinit { shared.stop() }

    /// Queues `buffer` for writing (waiting while `depth` buffers are queued) and replaces it with an
    /// empty buffer. Throws the `errno` of an earlier failed write.
    public func submit(_ buffer: inout [UInt8]) throws(WriteFailure) { try shared.submit(&buffer) }

    /// Waits until everything submitted is written; throws the `errno` of a failed write.
    public func drain() throws(WriteFailure) { try shared.drain() }

    /// Stops the thread after the buffers already queued (use ``drain()`` first to learn of errors).
    public func stop() { shared.stop() }

    /// The state the caller and the thread share, guarded by `condition`.
    private final class Shared: @unchecked Sendable {
        let fd: Int32
        let depth: Int
        let capacity: Int
        let condition = NSCondition()
        var queue: [[UInt8]] = []
        var spare: [[UInt8]] = []
        var writing = false
        var stopping = false
        var running = true
        var failure: Int32 = 0
        /// Bytes written, and the offset up to which write-back was started (writer thread only).
        var written = 0
        var flushedTo = 0
        static let writeBehind = 8 << 20

        init(fd: Int32, capacity: Int, depth: Int) {
            self.fd = fd
            self.capacity = capacity
            self.depth = depth
        }

        func submit(_ buffer: inout [UInt8]) throws(WriteFailure) {
            if buffer.isEmpty { return }
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= depth && failure == 0 && running { condition.wait() }
            if failure != 0 { throw WriteFailure(code: failure) }
            if !running { throw WriteFailure(code: EBADF) }
            queue.append(buffer)
            if var next = spare.popLast() {
                next.removeAll(keepingCapacity: true)
                buffer = next
            } else {
                buffer = []
                buffer.reserveCapacity(capacity)
            }
            condition.broadcast()
        }

        func drain() throws(WriteFailure) {
            condition.lock()
            defer { condition.unlock() }
            while (!queue.isEmpty || writing) && failure == 0 && running { condition.wait() }
            if failure != 0 { throw WriteFailure(code: failure) }
        }

        func stop() {
            condition.lock()
            stopping = true
            condition.broadcast()
            while running { condition.wait() }
            condition.unlock()
        }

        func loop() {
            condition.lock()
            while true {
                while queue.isEmpty && !stopping { condition.wait() }
                if queue.isEmpty || failure != 0 { break }
                var buffer = queue.removeFirst()
                writing = true
                condition.unlock()
                let code = BackgroundWriter.writeAll(fd, buffer)
                written += buffer.count
                if code == 0 && written - flushedTo >= Self.writeBehind {
                    _ = posix_fadvise(fd, off_t(flushedTo), off_t(written - flushedTo), POSIX_FADV_DONTNEED)
                    flushedTo = written
                }
                buffer.removeAll(keepingCapacity: true)
                condition.lock()
                writing = false
                if code != 0 { failure = code }
                if spare.count <= depth { spare.append(buffer) }
                condition.broadcast()
            }
            queue.removeAll()
            running = false
            condition.broadcast()
            condition.unlock()
        }
    }

    fileprivate static func writeAll(_ fd: Int32, _ buffer: [UInt8]) -> Int32 {
        buffer.withUnsafeBytes { p -> Int32 in
            var written = 0
            while written < p.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, p.baseAddress! + written, p.count - written)
                #else
                let n = Darwin.write(fd, p.baseAddress! + written, p.count - written)
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

    /// A failed `write(2)`.
    public struct WriteFailure: Error, Sendable, CustomStringConvertible {
        /// The `errno` value.
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }
}
