import Crypto
import Foundation
public import NIOCore

extension S3Client {
    /// Stores `body` as one object (PutObject), with `Content-MD5` so S3 rejects a corrupted upload,
    /// and checks the returned ETag against the MD5 when S3 reports one. Up to 5 GB; for large or
    /// streamed data use ``uploadObject(bucket:key:from:contentType:metadata:)``.
    ///
    /// - Parameters:
    ///   - metadata: User metadata, sent as `x-amz-meta-<name>`.
    ///   - ifNoneMatch: `"*"` to fail with ``AWSError/Kind/preconditionFailed`` if the key exists.
    @discardableResult
    public func putObject(bucket: String, key: String, body: ByteBuffer, contentType: String? = nil,
                          metadata: [String: String] = [:], ifNoneMatch: String? = nil) async throws -> S3PutObjectResult {
        let md5 = Self.md5(body)
        var headers: [(String, String)] = [("Content-MD5", Data(md5).base64EncodedString())]
        if let contentType { headers.append(("Content-Type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-" + name.lowercased(), value)) }
        if let ifNoneMatch { headers.append(("If-None-Match", ifNoneMatch)) }
        let response = try await send(try request("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: body))
        let eTag = Self.unquote(response.header("ETag")) ?? ""
        if configuration.verifiesChecksums, Self.eTagIsMD5(eTag, headers: response.headers), eTag != Self.hex(md5) {
            throw Self.integrityError("PutObject", sent: Self.hex(md5), received: eTag, requestId: response.requestId)
        }
        return S3PutObjectResult(eTag: eTag, versionId: response.header("x-amz-version-id"))
    }

    /// Reads an object as a stream of chunks (GetObject), optionally only `range`.
    ///
    /// When the whole object is read and its ETag is an MD5, the stream checks the bytes against it
    /// at the end and throws ``AWSError/Kind/integrity`` on a mismatch; it also checks the length.
    /// Read the body to the end or drop it promptly: it holds a connection.
    public func getObject(bucket: String, key: String, range: S3ByteRange? = nil,
                          ifMatch: String? = nil) async throws -> S3GetObjectOutput {
        var headers: [(String, String)] = []
        if let range { headers.append(("Range", range.headerValue)) }
        if let ifMatch { headers.append(("If-Match", "\"\(ifMatch)\"")) }
        let response = try await http.executeStreaming(try request("GetObject", "GET", bucket: bucket, key: key, headers: headers),
                                                       signing: signing)
        let info = Self.objectInfo(response.headers)
        var expectedMD5: String?
        if configuration.verifiesChecksums, range == nil, response.status == 200, let eTag = info.eTag,
           Self.eTagIsMD5(eTag, headers: response.headers) {
            expectedMD5 = eTag
        }
        let length = AWSError.header("content-length", in: response.headers).flatMap { Int64($0) }
        return S3GetObjectOutput(info: info, body: S3ObjectBody(base: response.body, expectedMD5: expectedMD5,
                                                                expectedLength: length, requestId: response.header("x-amz-request-id")))
    }

    /// Reads a whole object (or `range`) into memory, checked as in ``getObject(bucket:key:range:ifMatch:)``.
    public func getObjectBytes(bucket: String, key: String, range: S3ByteRange? = nil,
                               maxBytes: Int = 1 << 30) async throws -> ByteBuffer {
        let output = try await getObject(bucket: bucket, key: key, range: range)
        var result = ByteBuffer()
        for try await var chunk in output.body {
            guard result.readableBytes + chunk.readableBytes <= maxBytes else {
                throw AWSError(kind: .invalidResponse, code: "ResponseTooLarge",
                               message: "The object is larger than \(maxBytes) bytes; read it with getObject as a stream",
                               operation: "S3.GetObject")
            }
            result.writeBuffer(&chunk)
        }
        return result
    }

    /// The object's size, ETag, type and metadata (HeadObject). A missing key throws ``AWSError/Kind/notFound``.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectInfo {
        let response = try await send(try request("HeadObject", "HEAD", bucket: bucket, key: key))
        return Self.objectInfo(response.headers)
    }

    /// Deletes one object (DeleteObject). Deleting a missing key succeeds, as in S3.
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await send(try request("DeleteObject", "DELETE", bucket: bucket, key: key))
    }

    /// Deletes many objects (DeleteObjects, 1,000 per request, quiet mode, with `Content-MD5`).
    ///
    /// - Returns: The keys S3 could not delete (empty when all went).
    @discardableResult
    public func deleteObjects(bucket: String, keys: [String]) async throws -> [S3DeleteFailure] {
        var failures: [S3DeleteFailure] = []
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + 1000, keys.count)]
            start += batch.count
            var writer = XMLWriter()
            writer.open("Delete", namespace: XMLWriter.s3Namespace)
            writer.element("Quiet", "true")
            for key in batch {
                writer.open("Object")
                writer.element("Key", key)
                writer.close("Object")
            }
            writer.close("Delete")
            let body = ByteBuffer(bytes: writer.bytes)
            let headers = [("Content-MD5", Data(Self.md5(body)).base64EncodedString()), ("Content-Type", "application/xml")]
            let response = try await send(try request("DeleteObjects", "POST", bucket: bucket, query: [("delete", nil)],
                                                      headers: headers, body: body))
            let root = try Self.xml(response, operation: "DeleteObjects")
            if root.name == "Error" {
                throw AWSError.fromResponse(status: 500, headers: response.headers, body: response.bytes, operation: "S3.DeleteObjects")
            }
            for error in root.children("Error") {
                failures.append(S3DeleteFailure(key: error.string("Key") ?? "", code: error.string("Code") ?? "",
                                                message: error.string("Message") ?? ""))
            }
        }
        return failures
    }

    /// Reads the object headers S3 returns on HEAD and GET.
    static func objectInfo(_ headers: [(String, String)]) -> S3ObjectInfo {
        var metadata: [String: String] = [:]
        for (name, value) in headers {
            let lowered = name.lowercased()
            if lowered.hasPrefix("x-amz-meta-") { metadata[String(lowered.dropFirst("x-amz-meta-".count))] = value }
        }
        return S3ObjectInfo(
            contentLength: AWSError.header("content-length", in: headers).flatMap { Int64($0) } ?? 0,
            eTag: unquote(AWSError.header("etag", in: headers)),
            contentType: AWSError.header("content-type", in: headers),
            lastModified: httpDate(AWSError.header("last-modified", in: headers)),
            metadata: metadata,
            versionId: AWSError.header("x-amz-version-id", in: headers),
            contentRange: AWSError.header("content-range", in: headers),
            serverSideEncryption: AWSError.header("x-amz-server-side-encryption", in: headers))
    }
}

/// The result of GetObject: the object's headers and its body, still streaming.
public struct S3GetObjectOutput: Sendable {
    /// Size (of the range, for a ranged read), ETag, type, metadata.
    public var info: S3ObjectInfo
    /// The bytes, in chunks.
    public var body: S3ObjectBody
}

/// An object's bytes as an `AsyncSequence` of chunks, checked at the end against the length S3
/// announced and, when known, the MD5 in the ETag.
public struct S3ObjectBody: AsyncSequence, Sendable {
    /// A chunk of the object.
    public typealias Element = ByteBuffer

    let base: AWSResponseBody
    let expectedMD5: String?
    let expectedLength: Int64?
    let requestId: String?

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AWSResponseBody.AsyncIterator
        var md5: Insecure.MD5?
        let expectedMD5: String?
        let expectedLength: Int64?
        let requestId: String?
        var count: Int64 = 0
        var finished = false

        /// The next chunk; at the end, checks length and checksum.
        public mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            if let chunk = try await base.next() {
                count += Int64(chunk.readableBytes)
                chunk.withUnsafeReadableBytes { md5?.update(bufferPointer: $0) }
                return chunk
            }
            finished = true
            if let expectedLength, expectedLength != count {
                throw AWSError(kind: .network, code: "IncompleteBody",
                               message: "S3 announced \(expectedLength) bytes but \(count) arrived; retry the read",
                               requestId: requestId, operation: "S3.GetObject")
            }
            if let expectedMD5, let md5 {
                let actual = S3Client.hex(Array(md5.finalize()))
                if actual != expectedMD5 {
                    throw S3Client.integrityError("GetObject", sent: actual, received: expectedMD5, requestId: requestId)
                }
            }
            return nil
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), md5: expectedMD5 == nil ? nil : Insecure.MD5(),
                      expectedMD5: expectedMD5, expectedLength: expectedLength, requestId: requestId)
    }
}
