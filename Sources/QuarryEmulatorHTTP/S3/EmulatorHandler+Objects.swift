import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QuarryEmulator

/// S3 object operations: PutObject, CopyObject, GetObject / HeadObject (with ranges and
/// conditions) and DeleteObjects.
extension EmulatorHandler {
    /// The checks a client asked for on an upload: `Content-MD5`, `x-amz-content-sha256`, `x-amz-checksum-*`.
    struct UploadExpectations {
        var md5: [UInt8]?
        var sha256Hex: String?
        var checksum: (algorithm: UploadDigests.Algorithm, value: String)?
        var checksumAlgorithm: UploadDigests.Algorithm?

        init(_ request: Request, contentSHA256: String?) throws(S3Error) {
            if let text = request.headers[EmulatorHandler.field("content-md5")] {
                guard let data = Data(base64Encoded: text), data.count == 16 else {
                    throw S3Error("InvalidDigest", status: 400, "The Content-MD5 you specified was invalid.")
                }
                md5 = Array(data)
            }
            if let contentSHA256, SigV4Verifier.isHexSHA256(contentSHA256) { sha256Hex = contentSHA256 }
            for algorithm in [UploadDigests.Algorithm.crc32, .crc32c, .sha1, .sha256, .crc64nvme] {
                if let value = request.headers[EmulatorHandler.field("x-amz-checksum-" + algorithm.rawValue)] {
                    checksum = (algorithm, value)
                    checksumAlgorithm = algorithm
                }
            }
            if checksumAlgorithm == nil, let trailer = request.headers[EmulatorHandler.field("x-amz-trailer")],
               trailer.lowercased().hasPrefix("x-amz-checksum-") {
                checksumAlgorithm = UploadDigests.Algorithm(rawValue: String(trailer.lowercased().dropFirst("x-amz-checksum-".count)))
            }
            if checksumAlgorithm == nil, let declared = request.headers[EmulatorHandler.field("x-amz-sdk-checksum-algorithm")] {
                checksumAlgorithm = UploadDigests.Algorithm(rawValue: declared.lowercased())
            }
        }

        func verify(_ result: UploadDigests.Result) throws(S3Error) {
            if let sha256Hex, let actual = result.sha256Hex, sha256Hex != actual {
                throw S3Error("XAmzContentSHA256Mismatch", status: 400,
                              "The provided 'x-amz-content-sha256' header does not match what was computed.",
                              [("ClientComputedContentSHA256", sha256Hex), ("S3ComputedContentSHA256", actual)])
            }
            if let md5, md5 != result.md5 {
                throw S3Error("BadDigest", status: 400, "The Content-MD5 you specified did not match what we received.")
            }
            if let checksum, let actual = result.checksum, checksum.value != actual {
                throw S3Error("BadDigest", status: 400,
                              "The \(checksum.algorithm.rawValue.uppercased()) you specified did not match the calculated checksum.")
            }
        }
    }

    /// Streams the request body into a new temporary file, computing the digests on the way;
    /// `aws-chunked` bodies (``SigV4Verifier/Identity/streaming``) are decoded and their chunk
    /// signatures and trailing checksum checked.
    func receiveBody(_ request: Request, expectations: UploadExpectations,
                     identity: SigV4Verifier.Identity) async throws -> (POSIXFile, UploadDigests.Result) {
        let file = try store.newTempFile()
        var digests = UploadDigests(wantsSHA256: expectations.sha256Hex != nil, checksum: expectations.checksumAlgorithm)
        var decoder = identity.streaming.map { AWSChunkedDecoder(mode: $0.mode, chain: $0.chain) }
        do {
            for try await buffer in request.body {
                try buffer.withUnsafeReadableBytes { (bytes) throws(S3Error) in
                    if decoder != nil {
                        try decoder!.feed(bytes) { (data) throws(S3Error) in
                            digests.update(data)
                            guard file.write(data) else { throw S3Error.internalError() }
                        }
                    } else {
                        digests.update(bytes)
                        guard file.write(bytes) else { throw S3Error.internalError() }
                    }
                }
            }
            var expectations = expectations
            if let decoder {
                try decoder.finish()
                if let declared = request.headers[Self.field("x-amz-decoded-content-length")], Int(declared) != decoder.decodedLength {
                    throw S3Error("IncompleteBody", status: 400, "You did not provide the number of bytes specified by the x-amz-decoded-content-length header.")
                }
                if let algorithm = expectations.checksumAlgorithm,
                   let value = decoder.trailers.first(where: { $0.name == "x-amz-checksum-" + algorithm.rawValue })?.value {
                    expectations.checksum = (algorithm, value)
                }
            }
            let result = digests.finalize()
            try expectations.verify(result)
            return (file, result)
        } catch {
            POSIXFile.remove(file.path)
            throw error
        }
    }

    /// Content type, `x-amz-meta-*` and the other stored headers of an upload.
    static func sidecar(from request: Request) -> ObjectSidecar {
        var metadata: [String: String] = [:]
        for field in request.headers where field.name.canonicalName.hasPrefix("x-amz-meta-") {
            metadata[String(field.name.canonicalName.dropFirst("x-amz-meta-".count))] = field.value
        }
        let encoding = request.headers[.contentEncoding].map { value in
            value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0 != "aws-chunked" }.joined(separator: ",")
        }
        return ObjectSidecar(etag: "", size: 0, modified: 0, contentType: request.headers[.contentType],
                             contentEncoding: encoding?.isEmpty == true ? nil : encoding,
                             contentDisposition: request.headers[.contentDisposition],
                             cacheControl: request.headers[.cacheControl],
                             metadata: metadata.isEmpty ? nil : metadata)
    }

    func putObject(_ request: Request, bucket: String, key: String, identity: SigV4Verifier.Identity) async throws -> Response {
        try store.requireBucket(bucket)
        _ = try ObjectStore.keySegments(key)
        let expectations = try UploadExpectations(request, contentSHA256: identity.contentSHA256)
        let (file, digests) = try await receiveBody(request, expectations: expectations, identity: identity)
        var sidecar = Self.sidecar(from: request)
        sidecar.etag = "\"" + hex(digests.md5) + "\""
        if let algorithm = expectations.checksumAlgorithm, let value = digests.checksum ?? expectations.checksum?.value {
            sidecar.checksumAlgorithm = algorithm.rawValue
            sidecar.checksum = value
        }
        let info: ObjectInfo
        let stored = sidecar
        do {
            info = try await Self.offload { () throws(S3Error) -> ObjectInfo in
                try store.commit(file, bucket: bucket, key: key, sidecar: stored)
            }
        } catch {
            POSIXFile.remove(file.path)
            throw error
        }
        var headers: HTTPFields = [.eTag: info.etag, .contentLength: "0"]
        if let algorithm = sidecar.checksumAlgorithm, let value = sidecar.checksum {
            headers[Self.field("x-amz-checksum-" + algorithm)] = value
        }
        return Response(status: .ok, headers: headers)
    }

    func copyObject(_ request: Request, bucket: String, key: String) async throws -> Response {
        try store.requireBucket(bucket)
        _ = try ObjectStore.keySegments(key)
        var source = PercentCoding.decode(Substring(request.headers[Self.field("x-amz-copy-source")] ?? ""))
        if let q = source.firstIndex(of: "?") { source = String(source[..<q]) }
        if source.hasPrefix("/") { source.removeFirst() }
        guard let slash = source.firstIndex(of: "/") else {
            throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
        }
        let sourceBucket = String(source[..<slash])
        let sourceKey = String(source[source.index(after: slash)...])
        let (input, sourceInfo) = try store.open(sourceBucket, sourceKey)
        let replace = request.headers[Self.field("x-amz-metadata-directive")] == "REPLACE"
        let out = try store.newTempFile()
        var digests = UploadDigests(wantsSHA256: false, checksum: nil)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { input.read(into: $0, at: offset) }
            if n == 0 { break }
            let ok = n > 0 && buffer.withUnsafeBytes { bytes -> Bool in
                let slice = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
                digests.update(slice)
                return out.write(slice)
            }
            guard ok else {
                POSIXFile.remove(out.path)
                throw S3Error.internalError()
            }
            offset += n
        }
        var sidecar = replace ? Self.sidecar(from: request) : sourceInfo.sidecar
        sidecar.etag = "\"" + hex(digests.finalize().md5) + "\""
        sidecar.checksum = nil
        sidecar.checksumAlgorithm = nil
        let info = try store.commit(out, bucket: bucket, key: key, sidecar: sidecar)
        var xml = XMLWriter()
        xml.open("CopyObjectResult", namespace: XMLWriter.s3Namespace)
        xml.element("LastModified", HTTPDates.iso8601(info.lastModified))
        xml.element("ETag", info.etag)
        xml.close("CopyObjectResult")
        return Self.xmlResponse(xml)
    }

    func getObject(_ request: Request, bucket: String, key: String, target: RawTarget, head: Bool) throws -> Response {
        let (file, info) = try store.open(bucket, key)
        var headers: HTTPFields = [
            .eTag: info.etag,
            .lastModified: HTTPDates.rfc1123(info.lastModified),
            .acceptRanges: "bytes",
            .contentType: target.parameter("response-content-type") ?? info.contentType,
        ]
        if let v = info.sidecar.contentEncoding { headers[.contentEncoding] = v }
        if let v = target.parameter("response-content-disposition") ?? info.sidecar.contentDisposition { headers[.contentDisposition] = v }
        if let v = target.parameter("response-cache-control") ?? info.sidecar.cacheControl { headers[.cacheControl] = v }
        for (name, value) in (info.sidecar.metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let fieldName = HTTPField.Name("x-amz-meta-" + name) { headers[fieldName] = value }
        }
        if let status = try Self.evaluateConditions(request, info: info) {
            var h = headers
            h[.contentLength] = "0"
            h[.contentType] = nil
            return Response(status: status, headers: h)
        }
        var start = 0
        var length = info.size
        var status = HTTPResponse.Status.ok
        if let rangeHeader = request.headers[.range], let partRange = Self.parseRange(rangeHeader, size: info.size) {
            guard let r = partRange else {
                throw S3Error("InvalidRange", status: 416, "The requested range is not satisfiable",
                              [("RangeRequested", rangeHeader), ("ActualObjectSize", String(info.size))])
            }
            start = r.lowerBound
            length = r.count
            status = .partialContent
            headers[.contentRange] = "bytes \(r.lowerBound)-\(r.upperBound - 1)/\(info.size)"
        } else if request.headers[Self.field("x-amz-checksum-mode")]?.uppercased() == "ENABLED",
                  let algorithm = info.sidecar.checksumAlgorithm, let value = info.sidecar.checksum {
            headers[Self.field("x-amz-checksum-" + algorithm)] = value
            headers[Self.field("x-amz-checksum-type")] = "FULL_OBJECT"
        }
        headers[.contentLength] = String(length)
        if head { return Response(status: status, headers: headers) }
        let startOffset = start
        let total = length
        let body = ResponseBody(contentLength: total) { writer in
            var offset = startOffset
            var remaining = total
            let chunk = 256 * 1024
            while remaining > 0 {
                var buffer = ByteBufferAllocator().buffer(capacity: min(chunk, remaining))
                let n = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: min(chunk, remaining)) { raw in
                    max(0, file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<min(chunk, remaining, raw.count)]), at: offset))
                }
                if n == 0 { throw S3Error.internalError() }
                offset += n
                remaining -= n
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// `If-Match`, `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since`: the status to answer
    /// instead of the object (304), or a thrown 412; nil to serve the object.
    static func evaluateConditions(_ request: Request, info: ObjectInfo) throws(S3Error) -> HTTPResponse.Status? {
        func matches(_ list: String) -> Bool {
            list.split(separator: ",").contains { item in
                let t = item.trimmingCharacters(in: .whitespaces)
                return t == "*" || t == info.etag || "\"" + t + "\"" == info.etag
            }
        }
        let precondition = S3Error("PreconditionFailed", status: 412, "At least one of the pre-conditions you specified did not hold",
                                   [("Condition", "If-Match")])
        if let ifMatch = request.headers[.ifMatch] {
            guard matches(ifMatch) else { throw precondition }
        } else if let text = request.headers[.ifUnmodifiedSince], let date = HTTPDates.parseRFC1123(text),
                  info.lastModified.timeIntervalSince1970.rounded(.down) > date.timeIntervalSince1970 {
            throw precondition
        }
        if let ifNoneMatch = request.headers[.ifNoneMatch] {
            if matches(ifNoneMatch) { return .notModified }
        } else if let text = request.headers[.ifModifiedSince], let date = HTTPDates.parseRFC1123(text),
                  info.lastModified.timeIntervalSince1970.rounded(.down) <= date.timeIntervalSince1970 {
            return .notModified
        }
        return nil
    }

    /// A single `bytes=` range: `.some(nil)` when unsatisfiable; nil when the header is not one
    /// S3 honours (several ranges, other units), in which case the whole object is served.
    static func parseRange(_ header: String, size: Int) -> Range<Int>?? {
        guard header.hasPrefix("bytes=") else { return nil }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let n = Int(last) else { return nil }
            if n == 0 || size == 0 { return .some(nil) }
            return .some(max(0, size - n)..<size)
        }
        guard let a = Int(first) else { return nil }
        let b = last.isEmpty ? size - 1 : (Int(last) ?? -1)
        guard last.isEmpty || b >= a else { return nil }
        if a >= size { return .some(nil) }
        return .some(a..<(min(b, size - 1) + 1))
    }

    func deleteObjects(_ request: Request, bucket: String) async throws -> Response {
        try store.requireBucket(bucket)
        let body = try await Self.collect(request, limit: configuration.maxDocumentBytes)
        let expectations = try UploadExpectations(request, contentSHA256: request.headers[Self.field("x-amz-content-sha256")])
        var digests = UploadDigests(wantsSHA256: expectations.sha256Hex != nil, checksum: expectations.checksumAlgorithm)
        body.withUnsafeBytes { digests.update($0) }
        try expectations.verify(digests.finalize())
        let document = String(decoding: body, as: UTF8.self)
        guard document.contains("<Delete"), let objects = XMLScanner.records("Object", in: document), objects.count <= 1000 else {
            throw S3Error.malformedXML()
        }
        let quiet = XMLScanner.firstValue("Quiet", in: document)?.lowercased() == "true"
        var xml = XMLWriter()
        xml.open("DeleteResult", namespace: XMLWriter.s3Namespace)
        for object in objects {
            guard let key = object["Key"] else { throw S3Error.malformedXML() }
            do {
                try store.deleteObject(bucket, key)
                if !quiet { xml.element("Deleted") { $0.element("Key", key) } }
            } catch {
                xml.element("Error") { w in
                    w.element("Key", key)
                    w.element("Code", error.code)
                    w.element("Message", error.message)
                }
            }
        }
        xml.close("DeleteResult")
        return Self.xmlResponse(xml)
    }
}
