import Foundation

/// S3 buckets and objects on the local file system, in the layout the emulator core reads:
/// `s3://bucket/key` is `<objects>/bucket/key`. Per-object metadata (ETag, content type,
/// `x-amz-meta-*`) lives in a parallel tree of JSON sidecars, so the object folders hold nothing
/// but objects. Objects written by someone else (the emulator's job outputs) get their sidecar,
/// with an MD5 ETag, the first time they are looked at.
///
/// Because keys are paths, a key cannot be both an object and a prefix of another object (`a`
/// and `a/b`), and empty, `.` and `..` segments are refused.
struct ObjectStore: Sendable {
    let objectsRoot: String
    let metadataRoot: String
    let uploadsRoot: String
    let tempRoot: String

    /// Bucket names the server routes to Bedrock, so they cannot be S3 buckets.
    static let reservedBucketNames: Set<String> = ["model-invocation-job", "model-invocation-jobs", "model"]

    init(dataDirectory: String) {
        objectsRoot = dataDirectory + "/objects"
        metadataRoot = dataDirectory + "/s3/metadata"
        uploadsRoot = dataDirectory + "/s3/uploads"
        tempRoot = dataDirectory + "/s3/tmp"
    }

    func prepare() throws {
        for dir in [objectsRoot, metadataRoot, uploadsRoot, tempRoot] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    // MARK: Buckets

    static func validateBucketName(_ name: String) throws(S3Error) {
        let u = Array(name.utf8)
        func ok(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E }
        guard (3...63).contains(u.count), u.allSatisfy(ok), u.first != 0x2D, u.first != 0x2E, u.last != 0x2D, u.last != 0x2E,
              !name.contains("..") else {
            throw S3Error("InvalidBucketName", status: 400, "The specified bucket is not valid.", [("BucketName", name)])
        }
        if reservedBucketNames.contains(name) {
            throw S3Error("InvalidBucketName", status: 400,
                          "The bucket name \(name) is reserved by the Quarry emulator for its Bedrock routes.",
                          [("BucketName", name)])
        }
    }

    func bucketPath(_ bucket: String) -> String { objectsRoot + "/" + bucket }

    func bucketExists(_ bucket: String) -> Bool {
        guard !bucket.isEmpty, !bucket.contains("/"), bucket != ".", bucket != ".." else { return false }
        return POSIXFile.attributes(bucketPath(bucket))?.isDirectory == true
    }

    func requireBucket(_ bucket: String) throws(S3Error) {
        guard bucketExists(bucket) else { throw .noSuchBucket(bucket) }
    }

    /// Creates the bucket; creating one that exists succeeds (as in us-east-1).
    func createBucket(_ bucket: String) throws(S3Error) {
        try Self.validateBucketName(bucket)
        do {
            try FileManager.default.createDirectory(atPath: bucketPath(bucket), withIntermediateDirectories: true)
        } catch {
            throw .internalError()
        }
    }

    func deleteBucket(_ bucket: String) throws(S3Error) {
        try requireBucket(bucket)
        guard allKeys(bucket).isEmpty else {
            throw S3Error("BucketNotEmpty", status: 409, "The bucket you tried to delete is not empty", [("BucketName", bucket)])
        }
        try? FileManager.default.removeItem(atPath: bucketPath(bucket))
        try? FileManager.default.removeItem(atPath: metadataRoot + "/" + bucket)
    }

    func listBuckets() -> [(name: String, created: Date)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: objectsRoot)) ?? []
        return names.filter { !$0.hasPrefix(".") && bucketExists($0) }.sorted().map { name in
            (name, POSIXFile.attributes(bucketPath(name))?.modified ?? Date(timeIntervalSince1970: 0))
        }
    }

    // MARK: Objects

    /// The key's segments, refusing what a file system path cannot hold.
    static func keySegments(_ key: String) throws(S3Error) -> [Substring] {
        guard !key.isEmpty else { throw .invalidArgument("The object key must not be empty.") }
        guard key.utf8.count <= 1024 else {
            throw S3Error("KeyTooLongError", status: 400, "Your key is too long")
        }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        for s in segments {
            if s.isEmpty || s == "." || s == ".." || s.utf8.count > 255 || s.utf8.contains(0) {
                throw .invalidArgument("The Quarry emulator stores objects as files: a key cannot start or end with '/', "
                    + "contain '//', a '.' or '..' segment, or a segment longer than 255 bytes.")
            }
        }
        return segments
    }

    func objectPath(_ bucket: String, _ key: String) throws(S3Error) -> String {
        _ = try Self.keySegments(key)
        return bucketPath(bucket) + "/" + key
    }

    func sidecarPath(_ bucket: String, _ key: String) -> String { metadataRoot + "/" + bucket + "/" + key }

    /// The object's size, time, ETag and metadata, or `NoSuchKey`.
    func info(_ bucket: String, _ key: String) throws(S3Error) -> ObjectInfo {
        try requireBucket(bucket)
        let path = try objectPath(bucket, key)
        guard let file = POSIXFile.openForReading(path), let st = file.attributes() else { throw .noSuchKey(key) }
        return info(bucket: bucket, key: key, file: file, size: st.size, modified: st.modified)
    }

    /// Opens an object for reading with its description, or `NoSuchKey`.
    func open(_ bucket: String, _ key: String) throws(S3Error) -> (file: POSIXFile, info: ObjectInfo) {
        try requireBucket(bucket)
        let path = try objectPath(bucket, key)
        guard let file = POSIXFile.openForReading(path), let st = file.attributes() else { throw .noSuchKey(key) }
        return (file, info(bucket: bucket, key: key, file: file, size: st.size, modified: st.modified))
    }

    private func info(bucket: String, key: String, file: POSIXFile, size: Int, modified: Date) -> ObjectInfo {
        let sidecarFile = sidecarPath(bucket, key)
        if let data = FileManager.default.contents(atPath: sidecarFile),
           let sidecar = try? JSONDecoder().decode(ObjectSidecar.self, from: data),
           sidecar.size == size, sidecar.modified == modified.timeIntervalSince1970 {
            return ObjectInfo(key: key, size: size, lastModified: modified, sidecar: sidecar)
        }
        // Written by someone else (or changed underneath): compute the ETag once and remember it.
        var digests = UploadDigests(wantsSHA256: false, checksum: nil)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { file.read(into: $0, at: offset) }
            if n <= 0 { break }
            buffer.withUnsafeBytes { digests.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            offset += n
        }
        let sidecar = ObjectSidecar(etag: "\"" + hex(digests.finalize().md5) + "\"", size: size,
                                    modified: modified.timeIntervalSince1970)
        writeSidecar(sidecar, bucket: bucket, key: key)
        return ObjectInfo(key: key, size: size, lastModified: modified, sidecar: sidecar)
    }

    func writeSidecar(_ sidecar: ObjectSidecar, bucket: String, key: String) {
        let path = sidecarPath(bucket, key)
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(sidecar) else { return }
        let temp = tempRoot + "/meta-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temp, contents: data), POSIXFile.rename(temp, to: path) else {
            POSIXFile.remove(temp)
            return
        }
    }

    /// A new empty file in the temporary folder, for an upload to stream into.
    func newTempFile() throws(S3Error) -> POSIXFile {
        guard let file = POSIXFile.create(tempRoot + "/upload-" + UUID().uuidString) else { throw .internalError() }
        return file
    }

    /// Moves a finished temporary file into place as `bucket/key` with its sidecar.
    func commit(_ temp: POSIXFile, bucket: String, key: String, sidecar: ObjectSidecar) throws(S3Error) -> ObjectInfo {
        let path = try objectPath(bucket, key)
        guard let st = temp.attributes() else { throw .internalError() }
        var sidecar = sidecar
        sidecar.size = st.size
        sidecar.modified = st.modified.timeIntervalSince1970
        let dir = (path as NSString).deletingLastPathComponent
        if POSIXFile.attributes(dir)?.isDirectory != true {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw .invalidArgument("The key \(key) cannot be stored: part of it is already an object. The Quarry "
                    + "emulator stores objects as files, so a key cannot also be a prefix of another key.")
            }
        }
        if POSIXFile.attributes(path)?.isDirectory == true {
            throw .invalidArgument("The key \(key) cannot be stored: it is already a prefix of other objects. The Quarry "
                + "emulator stores objects as files, so a key cannot also be a prefix of another key.")
        }
        writeSidecar(sidecar, bucket: bucket, key: key)
        guard POSIXFile.rename(temp.path, to: path) else { throw .internalError() }
        return ObjectInfo(key: key, size: st.size, lastModified: st.modified, sidecar: sidecar)
    }

    /// Deletes an object (absent is fine, as in S3) and any folders it leaves empty.
    func deleteObject(_ bucket: String, _ key: String) throws(S3Error) {
        try requireBucket(bucket)
        let path = try objectPath(bucket, key)
        if POSIXFile.attributes(path)?.isDirectory == true { return }
        POSIXFile.remove(path)
        POSIXFile.remove(sidecarPath(bucket, key))
        var segments = key.split(separator: "/").dropLast()
        while !segments.isEmpty {
            let rel = segments.joined(separator: "/")
            POSIXFile.removeEmptyDirectory(bucketPath(bucket) + "/" + rel)
            POSIXFile.removeEmptyDirectory(metadataRoot + "/" + bucket + "/" + rel)
            segments = segments.dropLast()
        }
    }

    /// Every key in the bucket, in S3's order (UTF-8 bytes). Temporary files the emulator core
    /// writes while materializing outputs (`.name.tmp-pid`) are skipped.
    func allKeys(_ bucket: String, under prefix: String = "") -> [String] {
        let root = bucketPath(bucket)
        // Start the walk at the deepest folder the prefix names, to keep big buckets cheap.
        var startRel = ""
        if let slash = prefix.lastIndex(of: "/") {
            let dir = String(prefix[..<slash])
            if (try? Self.keySegments(dir)) != nil { startRel = dir }
        }
        let start = startRel.isEmpty ? root : root + "/" + startRel
        guard POSIXFile.attributes(start)?.isDirectory == true,
              let enumerator = FileManager.default.enumerator(atPath: start) else { return [] }
        var keys: [String] = []
        while let rel = enumerator.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix("."), name.contains(".tmp-") { continue }
            let key = startRel.isEmpty ? rel : startRel + "/" + rel
            guard key.hasPrefix(prefix) || prefix.hasPrefix(key) else {
                if POSIXFile.attributes(start + "/" + rel)?.isDirectory == true { enumerator.skipDescendants() }
                continue
            }
            guard key.hasPrefix(prefix), let st = POSIXFile.attributes(start + "/" + rel), !st.isDirectory else { continue }
            keys.append(key)
        }
        keys.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return keys
    }
}

/// What the sidecar of an object records.
struct ObjectSidecar: Codable, Sendable {
    /// The quoted ETag.
    var etag: String
    var size: Int
    /// The object file's modification time when the sidecar was written (seconds since 1970);
    /// a different time means the file changed and the sidecar is stale.
    var modified: Double
    var contentType: String?
    var contentEncoding: String?
    var contentDisposition: String?
    var cacheControl: String?
    var metadata: [String: String]?
    var checksumAlgorithm: String?
    var checksum: String?
}

/// One object's description.
struct ObjectInfo: Sendable {
    var key: String
    var size: Int
    var lastModified: Date
    var sidecar: ObjectSidecar

    var etag: String { sidecar.etag }
    var contentType: String { sidecar.contentType ?? "binary/octet-stream" }
}
