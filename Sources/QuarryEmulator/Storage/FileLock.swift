import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mutual exclusion across threads (an `NSLock`) and across processes (an advisory `flock` on a
/// lock file), taken in that order, so two emulators on one data folder never interleave mutations.
final class DirectoryLock: @unchecked Sendable {
    private let path: String
    private let threadLock = NSLock()

    init(path: String) { self.path = path }

    /// Runs `body` holding both locks.
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        threadLock.lock()
        defer { threadLock.unlock() }
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if fd >= 0 {
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer {
            if fd >= 0 {
                _ = flock(fd, LOCK_UN)
                close(fd)
            }
        }
        return try body()
    }
}

/// A value guarded by an `NSLock`.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
