import Foundation
public import QuarryCore

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
    let finalPath: String
    let tempPath: String
    var handle: FileHandle?
    var buffer: [UInt8] = []
    private(set) var bytesWritten = 0

    init(path: String) throws(QuarryError) {
        finalPath = path
        tempPath = path + ".partial-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw QuarryError(.state, "cannot create the folder for \(path): \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: tempPath, contents: nil), let h = FileHandle(forWritingAtPath: tempPath) else {
            throw QuarryError(.state, "cannot write \(tempPath)", hint: "check that the state folder is writable and the disk is not full")
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: [UInt8]) async throws(QuarryError) {
        buffer.append(contentsOf: bytes)
        bytesWritten += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(QuarryError) {
        guard !buffer.isEmpty, let handle else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw QuarryError(.state, "cannot write \(tempPath): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() async throws(QuarryError) {
        try flush()
        do {
            try handle?.synchronize()
            try handle?.close()
        } catch {
            throw QuarryError(.state, "cannot finish \(tempPath): \(error.localizedDescription)")
        }
        handle = nil
        guard rename(tempPath, finalPath) == 0 else {
            throw QuarryError(.state, "cannot move \(tempPath) into place (errno \(errno))")
        }
    }

    func abort() async { discard() }

    func discard() {
        try? handle?.close()
        handle = nil
        unlink(tempPath)
    }

    deinit { if handle != nil { discard() } }
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
