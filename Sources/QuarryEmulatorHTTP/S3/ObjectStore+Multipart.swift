import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A multipart upload in progress: `<data>/s3/uploads/<uploadId>/` holds `upload.json` and one
/// `<n>.part` file (with `<n>.json`: its ETag and size) per uploaded part.
struct MultipartUpload: Codable, Sendable {
    var uploadId: String
    var bucket: String
    var key: String
    var initiated: Double
    var sidecar: ObjectSidecar
}

/// One uploaded part.
struct UploadedPart: Codable, Sendable {
    var partNumber: Int
    /// MD5 of the part, hex.
    var md5: String
    var size: Int
    var checksum: String?
}

extension ObjectStore {
    static let minimumPartSize = 5 * 1024 * 1024

    func uploadDirectory(_ uploadId: String) -> String { uploadsRoot + "/" + uploadId }

    func createUpload(bucket: String, key: String, sidecar: ObjectSidecar, now: Date) throws(S3Error) -> MultipartUpload {
        try requireBucket(bucket)
        _ = try Self.keySegments(key)
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let upload = MultipartUpload(uploadId: id, bucket: bucket, key: key, initiated: now.timeIntervalSince1970, sidecar: sidecar)
        let dir = uploadDirectory(id)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try JSONEncoder().encode(upload).write(to: URL(fileURLWithPath: dir + "/upload.json"))
        } catch {
            throw .internalError()
        }
        return upload
    }

    /// The upload, if it exists and belongs to `bucket`/`key`.
    func upload(_ uploadId: String, bucket: String, key: String) throws(S3Error) -> MultipartUpload {
        try requireBucket(bucket)
        guard !uploadId.isEmpty, !uploadId.contains("/"), !uploadId.hasPrefix("."),
              let data = FileManager.default.contents(atPath: uploadDirectory(uploadId) + "/upload.json"),
              let upload = try? JSONDecoder().decode(MultipartUpload.self, from: data),
              upload.bucket == bucket, upload.key == key else {
            throw .noSuchUpload(uploadId)
        }
        return upload
    }

    /// Moves a finished temporary file into the upload as part `partNumber` (replacing an earlier one).
    func commitPart(_ temp: POSIXFile, upload: MultipartUpload, part: UploadedPart) throws(S3Error) {
        let dir = uploadDirectory(upload.uploadId)
        guard let data = try? JSONEncoder().encode(part),
              FileManager.default.createFile(atPath: dir + "/\(part.partNumber).json.tmp", contents: data),
              POSIXFile.rename(temp.path, to: dir + "/\(part.partNumber).part"),
              POSIXFile.rename(dir + "/\(part.partNumber).json.tmp", to: dir + "/\(part.partNumber).json") else {
            // The upload was aborted or completed meanwhile.
            throw .noSuchUpload(upload.uploadId)
        }
    }

    func parts(of upload: MultipartUpload) -> [Int: UploadedPart] {
        let dir = uploadDirectory(upload.uploadId)
        var parts: [Int: UploadedPart] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasSuffix(".json") && name != "upload.json" {
            if let data = FileManager.default.contents(atPath: dir + "/" + name),
               let part = try? JSONDecoder().decode(UploadedPart.self, from: data) {
                parts[part.partNumber] = part
            }
        }
        return parts
    }

    /// Joins the listed parts into the object. `requested` is the client's list of (part number, ETag).
    /// Appends `source` to `destination` with `sendfile` (no copy through user space) and returns how
    /// many bytes went; 0 where it is unavailable or fails at once.
    static func kernelCopy(from source: POSIXFile, to destination: POSIXFile) -> Int {
        #if canImport(Glibc)
        guard let size = source.attributes()?.size else { return 0 }
        var offset = 0
        while offset < size {
            let n = sendfile(destination.fd, source.fd, &offset, size - offset)
            if n <= 0 { break }
        }
        return offset
        #else
        return 0
        #endif
    }

    func completeUpload(_ upload: MultipartUpload, requested: [(partNumber: Int, etag: String)]) throws(S3Error) -> ObjectInfo {
        guard !requested.isEmpty else {
            throw S3Error("MalformedXML", status: 400, "The XML you provided was not well-formed or did not validate against our published schema")
        }
        let stored = parts(of: upload)
        var previous = 0
        var chosen: [UploadedPart] = []
        for (index, item) in requested.enumerated() {
            guard item.partNumber > previous else {
                throw S3Error("InvalidPartOrder", status: 400, "The list of parts was not in ascending order. Parts must be ordered by part number.",
                              [("UploadId", upload.uploadId)])
            }
            previous = item.partNumber
            let etag = item.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            guard let part = stored[item.partNumber], part.md5 == etag.lowercased() else {
                throw S3Error("InvalidPart", status: 400,
                              "One or more of the specified parts could not be found. The part may not have been uploaded, "
                              + "or the specified entity tag may not match the part's entity tag.",
                              [("UploadId", upload.uploadId), ("PartNumber", String(item.partNumber)), ("ETag", item.etag)])
            }
            if index < requested.count - 1, part.size < Self.minimumPartSize {
                throw S3Error("EntityTooSmall", status: 400, "Your proposed upload is smaller than the minimum allowed object size.",
                              [("ProposedSize", String(part.size)), ("MinSizeAllowed", String(Self.minimumPartSize)),
                               ("PartNumber", String(part.partNumber)), ("ETag", item.etag)])
            }
            chosen.append(part)
        }
        let out = try newTempFile()
        var md5s: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for part in chosen {
            guard let file = POSIXFile.openForReading(uploadDirectory(upload.uploadId) + "/\(part.partNumber).part") else {
                POSIXFile.remove(out.path)
                throw .noSuchUpload(upload.uploadId)
            }
            // In-kernel copy where the platform has it; the read/write loop finishes whatever it leaves.
            var offset = Self.kernelCopy(from: file, to: out)
            while true {
                let n = buffer.withUnsafeMutableBytes { file.read(into: $0, at: offset) }
                if n < 0 {
                    POSIXFile.remove(out.path)
                    throw .internalError()
                }
                if n == 0 { break }
                let ok = buffer.withUnsafeBytes { out.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                guard ok else {
                    POSIXFile.remove(out.path)
                    throw .internalError()
                }
                offset += n
            }
            md5s += hexBytes(part.md5)
        }
        var sidecar = upload.sidecar
        sidecar.etag = "\"" + hex(md5(md5s)) + "-\(chosen.count)\""
        sidecar.checksum = nil
        let info: ObjectInfo
        do {
            info = try commit(out, bucket: upload.bucket, key: upload.key, sidecar: sidecar)
        } catch {
            POSIXFile.remove(out.path)
            throw error
        }
        abortUpload(upload)
        return info
    }

    func abortUpload(_ upload: MultipartUpload) {
        try? FileManager.default.removeItem(atPath: uploadDirectory(upload.uploadId))
    }

    private func hexBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = text.utf8.makeIterator()
        func v(_ b: UInt8) -> UInt8 { b >= 0x61 ? b - 0x61 + 10 : (b >= 0x41 ? b - 0x41 + 10 : b - 0x30) }
        while let h = it.next(), let l = it.next() { out.append(v(h) << 4 | v(l)) }
        return out
    }
}

extension ObjectStore {
    /// The uploads in progress in `bucket`, by key then initiation time.
    func uploads(in bucket: String) throws(S3Error) -> [MultipartUpload] {
        try requireBucket(bucket)
        var result: [MultipartUpload] = []
        for id in (try? FileManager.default.contentsOfDirectory(atPath: uploadsRoot)) ?? [] where !id.hasPrefix(".") {
            if let data = FileManager.default.contents(atPath: uploadDirectory(id) + "/upload.json"),
               let upload = try? JSONDecoder().decode(MultipartUpload.self, from: data), upload.bucket == bucket {
                result.append(upload)
            }
        }
        result.sort { a, b in
            a.key != b.key ? Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8)) : a.initiated < b.initiated
        }
        return result
    }

    /// When part `n` of an upload was written.
    func partModified(_ upload: MultipartUpload, _ partNumber: Int) -> Date {
        POSIXFile.attributes(uploadDirectory(upload.uploadId) + "/\(partNumber).part")?.modified ?? Date(timeIntervalSince1970: upload.initiated)
    }
}
