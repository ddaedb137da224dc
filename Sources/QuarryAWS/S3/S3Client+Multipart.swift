import Crypto
import Foundation
public import NIOCore

extension S3Client {
    // MARK: The multipart calls

    /// Starts a multipart upload (CreateMultipartUpload) and returns its upload id.
    public func createMultipartUpload(bucket: String, key: String, contentType: String? = nil,
                                      metadata: [String: String] = [:]) async throws -> String {
        var headers: [(String, String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-" + name.lowercased(), value)) }
        let response = try await send(try request("CreateMultipartUpload", "POST", bucket: bucket, key: key,
                                                  query: [("uploads", nil)], headers: headers))
        guard let uploadId = try Self.xml(response, operation: "CreateMultipartUpload").string("UploadId"), !uploadId.isEmpty else {
            throw AWSError(kind: .invalidResponse, code: "MissingUploadId", message: "S3 started an upload without an UploadId",
                           requestId: response.requestId, operation: "S3.CreateMultipartUpload")
        }
        return uploadId
    }

    /// Uploads one part (UploadPart) with `Content-MD5`, checking the returned ETag when it is an MD5.
    public func uploadPart(bucket: String, key: String, uploadId: String, partNumber: Int,
                           body: ByteBuffer) async throws -> S3CompletedPart {
        guard (1...10_000).contains(partNumber) else {
            throw AWSError(kind: .validation, code: "InvalidPartNumber", message: "Part numbers run from 1 to 10000",
                           operation: "S3.UploadPart")
        }
        let md5 = Self.md5(body)
        let response = try await send(try request("UploadPart", "PUT", bucket: bucket, key: key,
                                                  query: [("partNumber", String(partNumber)), ("uploadId", uploadId)],
                                                  headers: [("Content-MD5", Data(md5).base64EncodedString())], body: body))
        let eTag = Self.unquote(response.header("ETag")) ?? ""
        if configuration.verifiesChecksums, Self.eTagIsMD5(eTag, headers: response.headers), eTag != Self.hex(md5) {
            throw Self.integrityError("UploadPart", sent: Self.hex(md5), received: eTag, requestId: response.requestId)
        }
        var part = S3CompletedPart(partNumber: partNumber, eTag: eTag)
        part.md5 = md5
        return part
    }

    /// Finishes a multipart upload (CompleteMultipartUpload). S3 can answer 200 with an error in the
    /// body; that is thrown like any error. When every part's MD5 is known, the final ETag
    /// (`md5-of-part-md5s-N`) is checked.
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadId: String,
                                        parts: [S3CompletedPart]) async throws -> S3PutObjectResult {
        let sorted = parts.sorted { $0.partNumber < $1.partNumber }
        var writer = XMLWriter()
        writer.open("CompleteMultipartUpload", namespace: XMLWriter.s3Namespace)
        for part in sorted {
            writer.open("Part")
            writer.element("ETag", "\"\(part.eTag)\"")
            writer.element("PartNumber", String(part.partNumber))
            writer.close("Part")
        }
        writer.close("CompleteMultipartUpload")
        let response = try await send(try request("CompleteMultipartUpload", "POST", bucket: bucket, key: key,
                                                  query: [("uploadId", uploadId)], headers: [("Content-Type", "application/xml")],
                                                  body: ByteBuffer(bytes: writer.bytes)))
        let root = try Self.xml(response, operation: "CompleteMultipartUpload")
        if root.name == "Error" {
            throw AWSError.fromResponse(status: 500, headers: response.headers, body: response.bytes,
                                        operation: "S3.CompleteMultipartUpload")
        }
        let eTag = Self.unquote(root.string("ETag") ?? response.header("ETag")) ?? ""
        if configuration.verifiesChecksums, sorted.allSatisfy({ $0.md5 != nil }),
           !(AWSError.header("x-amz-server-side-encryption", in: response.headers) ?? "").hasPrefix("aws:kms"),
           eTag.hasSuffix("-\(sorted.count)") {
            var combined = Insecure.MD5()
            for part in sorted { combined.update(data: part.md5!) }
            let expected = Self.hex(Array(combined.finalize())) + "-\(sorted.count)"
            if expected != eTag {
                throw Self.integrityError("CompleteMultipartUpload", sent: expected, received: eTag, requestId: response.requestId)
            }
        }
        return S3PutObjectResult(eTag: eTag, versionId: response.header("x-amz-version-id"), partCount: sorted.count)
    }

    /// Abandons a multipart upload (AbortMultipartUpload), freeing its stored parts.
    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws {
        _ = try await send(try request("AbortMultipartUpload", "DELETE", bucket: bucket, key: key, query: [("uploadId", uploadId)]))
    }

    /// The multipart uploads in progress whose keys start with `prefix` (ListMultipartUploads, every
    /// page of up to `maxUploads`, `encoding-type=url` so any key survives the XML), by key then
    /// start time.
    public func listMultipartUploads(bucket: String, prefix: String? = nil, maxUploads: Int? = nil) async throws -> [S3MultipartUploadSummary] {
        var uploads: [S3MultipartUploadSummary] = []
        var keyMarker: String?
        var uploadIdMarker: String?
        while true {
            var query: [(String, String?)] = [("encoding-type", "url"), ("uploads", nil)]
            if let keyMarker { query.append(("key-marker", keyMarker)) }
            if let maxUploads { query.append(("max-uploads", String(maxUploads))) }
            if let prefix { query.append(("prefix", prefix)) }
            if let uploadIdMarker { query.append(("upload-id-marker", uploadIdMarker)) }
            let response = try await send(try request("ListMultipartUploads", "GET", bucket: bucket, query: query))
            let root = try Self.xml(response, operation: "ListMultipartUploads")
            let encoded = root.string("EncodingType") == "url"
            func decode(_ text: String) -> String { encoded ? AWSPercentEncoding.decode(text, plusIsSpace: true) : text }
            for node in root.children("Upload") {
                guard let key = node.string("Key"), let id = node.string("UploadId") else { continue }
                uploads.append(S3MultipartUploadSummary(key: decode(key), uploadId: id, initiated: node.string("Initiated").flatMap(ISO8601.parse)))
            }
            guard root.string("IsTruncated") == "true" else { return uploads }
            // NextKeyMarker is URL-encoded like the keys.
            let nextKey = root.string("NextKeyMarker").flatMap { $0.isEmpty ? nil : decode($0) }
            let nextId = root.string("NextUploadIdMarker").flatMap { $0.isEmpty ? nil : $0 }
            guard let nextKey, nextKey != keyMarker || nextId != uploadIdMarker else {
                throw AWSError(kind: .invalidResponse, code: "MissingMarker", message: "S3 said the upload listing is truncated but gave no next marker",
                               requestId: response.requestId, operation: "S3.ListMultipartUploads")
            }
            keyMarker = nextKey
            uploadIdMarker = nextId
        }
    }

    // MARK: Streaming upload

    /// Uploads everything `source` yields as one object, in memory at most
    /// `partSize × (maxConcurrentParts + 1)` bytes at a time.
    ///
    /// Data that fits in one part goes up with a single PutObject; more becomes a multipart upload
    /// whose parts (``Configuration/partSize``, the last one shorter) upload in parallel, at most
    /// ``Configuration/maxConcurrentParts`` at once. If anything fails (or the task is cancelled) the
    /// upload is aborted, so no parts are left behind, and the error is rethrown.
    @discardableResult
    public func uploadObject<Source: AsyncSequence>(bucket: String, key: String, from source: Source,
                                                    contentType: String? = nil,
                                                    metadata: [String: String] = [:]) async throws -> S3PutObjectResult
    where Source.Element == ByteBuffer {
        let partSize = configuration.partSize
        var splitter = PartSplitter(partSize: partSize)
        var iterator = source.makeAsyncIterator()
        // Read until more than one part's worth has arrived, or the source ends.
        var firstParts: [ByteBuffer] = []
        while firstParts.isEmpty {
            guard let chunk = try await iterator.next() else { break }
            firstParts += splitter.feed(chunk)
        }
        if firstParts.isEmpty {
            // Everything fits in one part: a single PutObject.
            let body = splitter.finish()
            return try await putObject(bucket: bucket, key: key, body: body, contentType: contentType, metadata: metadata)
        }

        let uploadId = try await createMultipartUpload(bucket: bucket, key: key, contentType: contentType, metadata: metadata)
        do {
            let parts = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var parts: [S3CompletedPart] = []
                var inFlight = 0
                var partNumber = 0
                func startPart(_ body: ByteBuffer) async throws {
                    partNumber += 1
                    guard partNumber <= 10_000 else {
                        throw AWSError(kind: .configuration, code: "TooManyParts",
                                       message: "The object needs more than 10000 parts of \(partSize) bytes; raise S3Client.Configuration.partSize",
                                       operation: "S3.UploadPart")
                    }
                    if inFlight >= configuration.maxConcurrentParts, let done = try await group.next() {
                        parts.append(done)
                        inFlight -= 1
                    }
                    let number = partNumber
                    group.addTask {
                        try await self.uploadPart(bucket: bucket, key: key, uploadId: uploadId, partNumber: number, body: body)
                    }
                    inFlight += 1
                }
                for part in firstParts { try await startPart(part) }
                while let chunk = try await iterator.next() {
                    for part in splitter.feed(chunk) { try await startPart(part) }
                }
                let last = splitter.finish()
                if last.readableBytes > 0 { try await startPart(last) }
                for try await done in group { parts.append(done) }
                return parts
            }
            return try await completeMultipartUpload(bucket: bucket, key: key, uploadId: uploadId, parts: parts)
        } catch {
            // Abort even when the failure is our own cancellation: the abort runs in its own task,
            // which is awaited here.
            let client = self
            await Task {
                try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId)
            }.value
            throw error
        }
    }

    /// Uploads a local file with ``uploadObject(bucket:key:from:contentType:metadata:)``, reading it
    /// one part at a time.
    @discardableResult
    public func uploadFile(bucket: String, key: String, path: String, contentType: String? = nil,
                           metadata: [String: String] = [:]) async throws -> S3PutObjectResult {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw AWSError(kind: .configuration, code: "UnreadableFile", message: "Could not open \(path) for upload",
                           operation: "S3.PutObject", underlying: error)
        }
        defer { try? handle.close() }
        return try await uploadObject(bucket: bucket, key: key, from: FileChunks(handle: handle, chunkSize: min(configuration.partSize, 4 << 20)),
                                      contentType: contentType, metadata: metadata)
    }
}

/// Cuts a stream of chunks into parts of exactly `partSize` bytes, holding back the latest full part
/// until it is known not to be the last (so the last part is never empty and a small object is one PUT).
struct PartSplitter {
    let partSize: Int
    /// The part being filled.
    var current = ByteBuffer()
    /// The latest full part, not yet released.
    var held: ByteBuffer?

    init(partSize: Int) {
        self.partSize = partSize
        current.reserveCapacity(partSize)
    }

    /// Adds `chunk`; returns the parts now known to be complete and not last.
    mutating func feed(_ chunk: ByteBuffer) -> [ByteBuffer] {
        var chunk = chunk
        var released: [ByteBuffer] = []
        while chunk.readableBytes > 0 {
            if let part = held {
                released.append(part)
                held = nil
            }
            var slice = chunk.readSlice(length: min(partSize - current.readableBytes, chunk.readableBytes))!
            current.writeBuffer(&slice)
            if current.readableBytes == partSize {
                held = current
                current = ByteBuffer()
                current.reserveCapacity(partSize)
            }
        }
        return released
    }

    /// Everything not yet released, as the last part: the held full part, or the partial one.
    /// (Both cannot be non-empty: a partial part releases the held one when it starts.)
    mutating func finish() -> ByteBuffer {
        if let part = held {
            held = nil
            return part
        }
        defer { current = ByteBuffer() }
        return current
    }
}

/// A file's bytes in chunks, read as iterated.
struct FileChunks: AsyncSequence {
    typealias Element = ByteBuffer
    let handle: FileHandle
    let chunkSize: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        let chunkSize: Int

        mutating func next() async throws -> ByteBuffer? {
            let data: Data?
            do {
                data = try handle.read(upToCount: chunkSize)
            } catch {
                throw AWSError(kind: .configuration, code: "UnreadableFile", message: "Reading the file to upload failed",
                               operation: "S3.PutObject", underlying: error)
            }
            guard let data, !data.isEmpty else { return nil }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle, chunkSize: chunkSize) }
}
