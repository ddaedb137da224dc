#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import QuarryCore

/// Writes buffers to a file descriptor on a thread of its own, so the cost of getting a large
/// output to the file runs on another core while the caller builds the next buffer.
///
/// The caller fills a buffer and hands it over with ``submit(_:)``, getting an empty one back; at
/// most `depth` buffers wait, so memory stays bounded by `depth + 2` buffers. Buffers circulate
/// instead of being freed, which keeps them out of the allocator. A write error is reported by the
/// next call. The descriptor stays the caller's to close, after ``drain()`` or ``stop()``.
///
/// With `direct`, the descriptor was opened with ``directFlag`` (`O_DIRECT`): bytes are gathered in
/// aligned 1 MiB blocks and go to the device without passing through the page cache. On the 2-core
/// VMs this project runs on, putting a page into the page cache for the first time costs about as
/// much as writing it to disk (a 4 GB file: 8–9 s buffered, 1.3–1.7 s direct), so a large output
/// is written several times faster this way. The tail that does not fill a 4 KiB block is written
/// through the page cache by ``drain()``; a file system that refuses direct writes gets buffered
/// ones. Buffered, it asks the kernel every few megabytes to start writing back what it has
/// (`POSIX_FADV_DONTNEED` on dirty pages), so the closing `fsync` has little left to wait for.
public final class BackgroundWriter: Sendable {
    private let shared: Shared

    /// `O_DIRECT` on this platform, where it is known (Glibc does not export it to Swift).
    public static let directFlag: Int32? = {
        #if os(Linux) && arch(x86_64)
        return 0o40000
        #elseif os(Linux) && arch(arm64)
        return 0o200000
        #else
        return nil
        #endif
    }()

    /// Starts the writer thread for `fd`. Buffers handed back have at least `capacity` bytes reserved.
    public init(fd: Int32, capacity: Int, depth: Int = 4, direct: Bool = false) {
        shared = Shared(fd: fd, capacity: capacity, depth: max(1, depth), direct: direct && Self.directFlag != nil)
        let thread = Thread { [shared] in shared.loop() }
        thread.name = "quarry-writer"
        thread.start()
    }

    deinit { shared.stop() }

    /// Queues `buffer` for writing (waiting while `depth` buffers are queued) and replaces it with an
    /// empty buffer. Throws the `errno` of an earlier failed write.
    public func submit(_ buffer: inout [UInt8]) throws(WriteFailure) { try shared.submit(&buffer) }

    /// Waits until everything submitted is in the file; throws the `errno` of a failed write.
    public func drain() throws(WriteFailure) { try shared.drain() }

    /// Stops the thread after the buffers already queued (use ``drain()`` first to learn of errors).
    public func stop() { shared.stop() }

    /// The state the caller and the thread share, guarded by `condition`; the block and the offsets
    /// belong to the writer thread.
    private final class Shared: @unchecked Sendable {
        let fd: Int32
        let depth: Int
        let capacity: Int
        let condition = NSCondition()
        var queue: [[UInt8]] = []
        var spare: [[UInt8]] = []
        var writing = false
        var drainRequested = false
        var stopping = false
        var running = true
        var failure: Int32 = 0

        /// Writer thread only: direct mode and its aligned block, or buffered mode's write-back offsets.
        var direct: Bool
        let block: UnsafeMutableRawPointer?
        var fill = 0
        var written = 0
        var flushedTo = 0
        static let blockSize = 1 << 20
        static let alignment = 4096
        static let writeBehind = 8 << 20

        init(fd: Int32, capacity: Int, depth: Int, direct: Bool) {
            self.fd = fd
            self.capacity = capacity
            self.depth = depth
            self.direct = direct
            block = direct ? UnsafeMutableRawPointer.allocate(byteCount: Self.blockSize, alignment: Self.alignment) : nil
        }

        deinit { block?.deallocate() }

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
            drainRequested = true
            condition.broadcast()
            while (!queue.isEmpty || writing || drainRequested) && failure == 0 && running { condition.wait() }
            if failure != 0 { throw WriteFailure(code: failure) }
        }

        func stop() {
            condition.broadcastAndWait(after: { stopping = true }, until: { !running })
        }

        func loop() {
            condition.lock()
            while true {
                while queue.isEmpty && !drainRequested && !stopping { condition.wait() }
                if failure != 0 { break }
                let code: Int32
                if !queue.isEmpty {
                    var buffer = queue.removeFirst()
                    writing = true
                    condition.unlock()
                    code = buffer.withUnsafeBytes { put($0) }
                    buffer.removeAll(keepingCapacity: true)
                    condition.lock()
                    if spare.count <= depth { spare.append(buffer) }
                } else if drainRequested {
                    writing = true
                    condition.unlock()
                    code = writeTail()
                    condition.lock()
                    drainRequested = false
                } else {
                    break
                }
                writing = false
                if code != 0 { failure = code }
                condition.broadcast()
            }
            queue.removeAll()
            running = false
            condition.broadcast()
            condition.unlock()
        }

        /// Writes bytes: into the block (writing it out when full) when direct, else straight on.
        private func put(_ bytes: UnsafeRawBufferPointer) -> Int32 {
            guard direct, let block else {
                let code = FileWrite.all(fd, bytes)
                written += bytes.count
                if code == 0 && written - flushedTo >= Self.writeBehind {
                    _ = posix_fadvise(fd, off_t(flushedTo), off_t(written - flushedTo), POSIX_FADV_DONTNEED)
                    flushedTo = written
                }
                return code
            }
            var i = 0
            while i < bytes.count {
                let n = min(Self.blockSize - fill, bytes.count - i)
                (block + fill).copyMemory(from: bytes.baseAddress! + i, byteCount: n)
                fill += n
                i += n
                if fill == Self.blockSize {
                    let code = writeBlock(Self.blockSize)
                    if code != 0 { return code }
                    fill = 0
                }
            }
            return 0
        }

        /// Writes the first `count` bytes of the block (a multiple of the alignment) directly, or
        /// buffered from then on if the file system refuses.
        private func writeBlock(_ count: Int) -> Int32 {
            let bytes = UnsafeRawBufferPointer(start: block!, count: count)
            let code = FileWrite.all(fd, bytes)
            guard code == EINVAL else { return code }
            leaveDirect()
            return FileWrite.all(fd, bytes)
        }

        /// Writes what the block holds: the aligned part directly, the rest buffered.
        private func writeTail() -> Int32 {
            guard direct, fill > 0 else { return 0 }
            let aligned = fill / Self.alignment * Self.alignment
            if aligned > 0 {
                let code = writeBlock(aligned)
                if code != 0 { return code }
            }
            if direct { leaveDirect() }
            let code = FileWrite.all(fd, UnsafeRawBufferPointer(start: block! + aligned, count: fill - aligned))
            fill = 0
            return code
        }

        private func leaveDirect() {
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0, let flag = BackgroundWriter.directFlag { _ = fcntl(fd, F_SETFL, flags & ~flag) }
            direct = false
        }
    }

    /// A failed `write(2)`.
    public struct WriteFailure: Error, Sendable, CustomStringConvertible {
        /// The `errno` value.
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }
}
