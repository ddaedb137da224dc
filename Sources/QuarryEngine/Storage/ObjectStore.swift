public import QuarryCore

/// Where staged inputs and job outputs live: a local folder by default, S3 for Bedrock.
///
/// Writes are all-or-nothing: an object appears under its key only when its writer commits.
public protocol ObjectStore: Sendable {
    /// The location a key maps to, as the provider sees it.
    func uri(forKey key: String) -> S3URI
    /// Starts writing an object; nothing is visible at `uri` until ``ObjectWriter/commit()``.
    func makeWriter(for uri: S3URI) throws(QuarryError) -> any ObjectWriter
    /// Opens an object for sequential reading.
    func openReader(for uri: S3URI) throws(QuarryError) -> any ObjectReader
    /// Objects below a prefix, in key order.
    func list(prefix: S3URI) throws(QuarryError) -> [S3URI]
    /// Whether an object exists.
    func exists(_ uri: S3URI) -> Bool
}

/// An object being written.
public protocol ObjectWriter: AnyObject {
    /// Appends bytes.
    func write(_ bytes: [UInt8]) throws(QuarryError)
    /// Bytes written so far.
    var bytesWritten: Int { get }
    /// Makes the object visible under its key.
    func commit() throws(QuarryError)
    /// Discards what was written.
    func abort()
}

/// An object being read in chunks.
public protocol ObjectReader: AnyObject {
    /// The next chunk, or nil at the end.
    func read(maxBytes: Int) throws(QuarryError) -> [UInt8]?
    /// Releases the reader.
    func close()
}

extension ObjectReader {
    /// Calls `body` with each line (without its newline), reading in large chunks.
    public func forEachLine(_ body: (ArraySlice<UInt8>) throws(QuarryError) -> Void) throws(QuarryError) {
        var carry: [UInt8] = []
        while let chunk = try read(maxBytes: 4 << 20) {
            var start = 0
            var buffer = chunk
            if !carry.isEmpty {
                guard let nl = chunk.firstIndex(of: 0x0A) else { carry.append(contentsOf: chunk); continue }
                carry.append(contentsOf: chunk[..<nl])
                try body(carry[...])
                carry.removeAll(keepingCapacity: true)
                start = nl + 1
            }
            buffer = chunk
            var i = start
            let count = buffer.count
            while i < count {
                guard let nl = buffer[i...].firstIndex(of: 0x0A) else { break }
                if nl > i { try body(buffer[i..<nl]) }
                i = nl + 1
            }
            if i < count { carry.append(contentsOf: buffer[i...]) }
        }
        if !carry.isEmpty { try body(carry[...]) }
        close()
    }
}
