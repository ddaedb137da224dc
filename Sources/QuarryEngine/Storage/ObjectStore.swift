import Foundation
public import QuarryCore

/// Where staged inputs and job outputs live: a local folder by default, S3 for Bedrock.
///
/// Writes are all-or-nothing: an object appears under its key only when its writer commits.
///
/// The protocol is `async` because the S3 store does network I/O: its calls suspend instead of
/// blocking a thread of the cooperative pool (which has as many threads as cores). The local store's
/// calls do plain file I/O and never suspend. Writers and readers are used by one task at a time.
public protocol ObjectStore: Sendable {
    /// The location a key maps to, as the provider sees it.
    func uri(forKey key: String) -> S3URI
    /// Starts writing an object; nothing is visible at `uri` until ``ObjectWriter/commit()``.
    func makeWriter(for uri: S3URI) async throws(QuarryError) -> any ObjectWriter
    /// Opens an object for sequential reading.
    func openReader(for uri: S3URI) async throws(QuarryError) -> any ObjectReader
    /// Objects below a prefix, in key order.
    func list(prefix: S3URI) async throws(QuarryError) -> [S3URI]
    /// Whether an object exists.
    func exists(_ uri: S3URI) async throws(QuarryError) -> Bool
    /// The object as a file on this machine, when the store keeps it as one (nil by default).
    func localFile(_ uri: S3URI) -> String?
}

extension ObjectStore {
    public func localFile(_ uri: S3URI) -> String? { nil }
}

/// An object being written.
public protocol ObjectWriter: AnyObject {
    /// Appends bytes (suspends only when the store must wait for an upload slot).
    func write(_ bytes: [UInt8]) async throws(QuarryError)
    /// Bytes written so far.
    var bytesWritten: Int { get }
    /// Makes the object visible under its key.
    func commit() async throws(QuarryError)
    /// Discards what was written (and any upload in progress).
    func abort() async
}

/// An object being read in chunks.
public protocol ObjectReader: AnyObject {
    /// The next chunk, or nil at the end.
    func read(maxBytes: Int) async throws(QuarryError) -> [UInt8]?
    /// Releases the reader.
    func close() async
}

extension ObjectReader {
    /// Calls `body` with each non-empty line (without its newline) as a range of a shared buffer,
    /// reading in large chunks; the buffer is only valid during the call.
    public func forEachLine(_ body: ([UInt8], Range<Int>) throws(QuarryError) -> Void) async throws(QuarryError) {
        try await forEachLine { (buffer: [UInt8], line: Range<Int>, _: Int) throws(QuarryError) in try body(buffer, line) }
    }

    /// Like ``forEachLine(_:)``, also passing the line's byte offset in the object.
    public func forEachLine(_ body: ([UInt8], Range<Int>, Int) throws(QuarryError) -> Void) async throws(QuarryError) {
        do {
            try await eachLine(body)
        } catch {
            await close()
            throw error
        }
        await close()
    }

    private func eachLine(_ body: ([UInt8], Range<Int>, Int) throws(QuarryError) -> Void) async throws(QuarryError) {
        var carry: [UInt8] = []
        var carryOffset = 0
        var chunkOffset = 0
        // Chunks small enough to stay in the CPU cache while the lines are scanned.
        while let chunk = try await read(maxBytes: 96 << 10) {
            defer { chunkOffset += chunk.count }
            var start = 0
            if !carry.isEmpty {
                guard let nl = Self.newline(in: chunk, from: 0) else { carry.append(contentsOf: chunk); continue }
                carry.append(contentsOf: chunk[..<nl])
                try body(carry, 0..<carry.count, carryOffset)
                carry.removeAll(keepingCapacity: true)
                start = nl + 1
            }
            var i = start
            while i < chunk.count {
                guard let nl = Self.newline(in: chunk, from: i) else { break }
                if nl > i { try body(chunk, i..<nl, chunkOffset + i) }
                i = nl + 1
            }
            if i < chunk.count {
                carryOffset = chunkOffset + i
                carry.append(contentsOf: chunk[i...])
            }
        }
        if !carry.isEmpty { try body(carry, 0..<carry.count, carryOffset) }
    }

    static func newline(in bytes: [UInt8], from: Int) -> Int? {
        bytes.withUnsafeBufferPointer { p -> Int? in
            guard from < p.count, let base = p.baseAddress, let hit = memchr(base + from, 0x0A, p.count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }
}
