import Foundation
public import QuarryCore
import QuarryTable

/// An object store in a local folder: `s3://bucket/key` is `root/bucket/key`, the layout the
/// built-in emulator reads and writes too. Writers go to a temporary file in the same folder and are
/// renamed on commit.
public struct LocalObjectStore: ObjectStore {
    /// The folder holding one sub-folder per bucket.
    public let root: String
    /// The bucket keys are placed in.
    public let bucket: String

    /// Creates a store rooted at `root`.
    public init(root: String, bucket: String = "quarry-local") {
        self.root = root
        self.bucket = bucket
    }

    /// The local file path of a location.
    public func path(of uri: S3URI) -> String { root + "/" + uri.bucket + "/" + uri.key }

    public func localFile(_ uri: S3URI) -> String? { path(of: uri) }

    public func uri(forKey key: String) -> S3URI { S3URI(bucket: bucket, key: key) }

    public func makeWriter(for uri: S3URI) async throws(QuarryError) -> any ObjectWriter {
        try LocalObjectWriter(path: path(of: uri))
    }

    public func openReader(for uri: S3URI) async throws(QuarryError) -> any ObjectReader {
        guard let handle = FileHandle(forReadingAtPath: path(of: uri)) else {
            throw QuarryError(.notFound, "object \(uri) does not exist in the local store \(root)")
        }
        return LocalObjectReader(handle: handle)
    }

    public func list(prefix: S3URI) async throws(QuarryError) -> [S3URI] {
        let base = root + "/" + prefix.bucket
        let dir: String
        let namePrefix: String
        if prefix.key.hasSuffix("/") || prefix.key.isEmpty {
            dir = base + "/" + prefix.key
            namePrefix = ""
        } else {
            let full = base + "/" + prefix.key
            dir = (full as NSString).deletingLastPathComponent
            namePrefix = (full as NSString).lastPathComponent
        }
        guard let enumerator = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [S3URI] = []
        let keyBase = String(dir.dropFirst(base.count + 1))
        while let rel = enumerator.nextObject() as? String {
            let full = dir + "/" + rel
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            guard namePrefix.isEmpty || rel.hasPrefix(namePrefix) else { continue }
            if rel.contains(".partial-") { continue }
            let key = (keyBase.isEmpty ? "" : (keyBase.hasSuffix("/") ? keyBase : keyBase + "/")) + rel
            out.append(S3URI(bucket: prefix.bucket, key: key))
        }
        return out.sorted { $0.key < $1.key }
    }

    public func exists(_ uri: S3URI) async throws(QuarryError) -> Bool { FileManager.default.fileExists(atPath: path(of: uri)) }
}

final class LocalObjectWriter: ObjectWriter {
    let file: AtomicOutputFile
    var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    /// Writes of this size keep the buffer in the CPU cache while the kernel copies it.
    static let flushBytes = 128 << 10

    init(path: String) throws(QuarryError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw QuarryError(.state, "cannot create the folder for \(path): \(error.localizedDescription)")
        }
        do { file = try AtomicOutputFile(path: path) } catch {
            throw QuarryError(.state, error.description, hint: "check that the state folder is writable and the disk is not full")
        }
        buffer.reserveCapacity(Self.flushBytes + (64 << 10))
    }

    func write(_ bytes: [UInt8]) async throws(QuarryError) {
        buffer.append(contentsOf: bytes)
        bytesWritten += bytes.count
        if buffer.count >= Self.flushBytes {
            do { try file.write(&buffer) } catch { throw QuarryError(.state, error.description) }
        }
    }

    func commit() async throws(QuarryError) {
        do { try file.finish(&buffer) } catch { throw QuarryError(.state, error.description) }
    }

    func abort() async { file.abandon() }
}

final class LocalObjectReader: ObjectReader {
    var handle: FileHandle?
    init(handle: FileHandle) { self.handle = handle }

    func read(maxBytes: Int) async throws(QuarryError) -> [UInt8]? {
        guard let handle else { return nil }
        var filled = 0
        let buffer = [UInt8](unsafeUninitializedCapacity: maxBytes) { raw, count in
            while filled < maxBytes {
                let n = Foundation.read(handle.fileDescriptor, raw.baseAddress! + filled, maxBytes - filled)
                if n <= 0 { break }
                filled += n
            }
            count = filled
        }
        return filled == 0 ? nil : buffer
    }

    func close() async {
        try? handle?.close()
        handle = nil
    }
}
