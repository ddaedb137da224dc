import Foundation
import HTTPTypes
import Hummingbird
import QuarryEmulator

/// Multipart uploads: CreateMultipartUpload (`POST ?uploads`), UploadPart (`PUT ?partNumber&uploadId`),
/// CompleteMultipartUpload (`POST ?uploadId`) and AbortMultipartUpload (`DELETE ?uploadId`).
extension EmulatorHandler {
    func createMultipartUpload(_ request: Request, bucket: String, key: String) throws -> Response {
        var sidecar = Self.sidecar(from: request)
        if let algorithm = request.headers[Self.field("x-amz-checksum-algorithm")] {
            sidecar.checksumAlgorithm = algorithm.lowercased()
        }
        let upload = try store.createUpload(bucket: bucket, key: key, sidecar: sidecar, now: now())
        var xml = XMLWriter()
        xml.open("InitiateMultipartUploadResult", namespace: XMLWriter.s3Namespace)
        xml.element("Bucket", bucket)
        xml.element("Key", key)
        xml.element("UploadId", upload.uploadId)
        xml.close("InitiateMultipartUploadResult")
        var headers: HTTPFields = [:]
        if let algorithm = sidecar.checksumAlgorithm { headers[Self.field("x-amz-checksum-algorithm")] = algorithm.uppercased() }
        return Self.xmlResponse(xml, headers: headers)
    }

    func uploadPart(_ request: Request, bucket: String, key: String, uploadId: String, target: RawTarget,
                    identity: SigV4Verifier.Identity) async throws -> Response {
        guard let text = target.parameter("partNumber"), let partNumber = Int(text), (1...10_000).contains(partNumber) else {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive")
        }
        let upload = try store.upload(uploadId, bucket: bucket, key: key)
        let expectations = try UploadExpectations(request, contentSHA256: identity.contentSHA256)
        let (file, digests) = try await receiveBody(request, expectations: expectations, identity: identity)
        let part = UploadedPart(partNumber: partNumber, md5: hex(digests.md5), size: digests.size, checksum: digests.checksum)
        do {
            try store.commitPart(file, upload: upload, part: part)
        } catch {
            POSIXFile.remove(file.path)
            throw error
        }
        var headers: HTTPFields = [.eTag: "\"" + part.md5 + "\"", .contentLength: "0"]
        if let algorithm = expectations.checksumAlgorithm, let value = digests.checksum {
            headers[Self.field("x-amz-checksum-" + algorithm.rawValue)] = value
        }
        return Response(status: .ok, headers: headers)
    }

    func completeMultipartUpload(_ request: Request, bucket: String, key: String, uploadId: String) async throws -> Response {
        let upload = try store.upload(uploadId, bucket: bucket, key: key)
        let body = try await Self.collect(request, limit: configuration.maxDocumentBytes)
        let document = String(decoding: body, as: UTF8.self)
        guard document.contains("<CompleteMultipartUpload"), let records = XMLScanner.records("Part", in: document) else {
            throw S3Error.malformedXML()
        }
        var requested: [(partNumber: Int, etag: String)] = []
        for record in records {
            guard let n = record["PartNumber"].flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
                  let etag = record["ETag"] else { throw S3Error.malformedXML() }
            requested.append((n, etag))
        }
        let parts = requested
        let info = try await Self.offload { () throws(S3Error) -> ObjectInfo in
            try store.completeUpload(upload, requested: parts)
        }
        var xml = XMLWriter()
        xml.open("CompleteMultipartUploadResult", namespace: XMLWriter.s3Namespace)
        xml.element("Location", "http://\(request.head.authority ?? configuration.host)/\(bucket)/\(PercentCoding.encode(key, keepSlash: true))")
        xml.element("Bucket", bucket)
        xml.element("Key", key)
        xml.element("ETag", info.etag)
        xml.close("CompleteMultipartUploadResult")
        return Self.xmlResponse(xml)
    }
}

extension EmulatorHandler {
    /// ListParts (`GET /bucket/key?uploadId=`), with `max-parts` and `part-number-marker`.
    func listParts(bucket: String, key: String, uploadId: String, target: RawTarget) throws -> Response {
        let upload = try store.upload(uploadId, bucket: bucket, key: key)
        let maxParts = min(1000, max(0, target.parameter("max-parts").flatMap { Int($0) } ?? 1000))
        let marker = target.parameter("part-number-marker").flatMap { Int($0) } ?? 0
        let all = store.parts(of: upload).values.filter { $0.partNumber > marker }.sorted { $0.partNumber < $1.partNumber }
        let page = all.prefix(maxParts)
        var xml = XMLWriter()
        xml.open("ListPartsResult", namespace: XMLWriter.s3Namespace)
        xml.element("Bucket", bucket)
        xml.element("Key", key)
        xml.element("UploadId", uploadId)
        xml.element("PartNumberMarker", String(marker))
        if let last = page.last { xml.element("NextPartNumberMarker", String(last.partNumber)) }
        xml.element("MaxParts", String(maxParts))
        xml.element("IsTruncated", all.count > page.count ? "true" : "false")
        for part in page {
            xml.element("Part") { w in
                w.element("PartNumber", String(part.partNumber))
                w.element("LastModified", HTTPDates.iso8601(store.partModified(upload, part.partNumber)))
                w.element("ETag", "\"" + part.md5 + "\"")
                w.element("Size", String(part.size))
            }
        }
        xml.element("StorageClass", "STANDARD")
        xml.close("ListPartsResult")
        return Self.xmlResponse(xml)
    }

    /// ListMultipartUploads (`GET /bucket?uploads`), with `prefix`, `max-uploads`, `key-marker` and `upload-id-marker`.
    func listMultipartUploads(bucket: String, target: RawTarget) throws -> Response {
        let prefix = target.parameter("prefix") ?? ""
        let maxUploads = min(1000, max(0, target.parameter("max-uploads").flatMap { Int($0) } ?? 1000))
        let keyMarker = target.parameter("key-marker") ?? ""
        let uploadIdMarker = target.parameter("upload-id-marker") ?? ""
        var all = try store.uploads(in: bucket).filter { $0.key.hasPrefix(prefix) }
        if !keyMarker.isEmpty {
            // Keys after the marker; of the marker's own key, only the uploads listed after
            // `upload-id-marker` (none without one).
            let markerBytes = Array(keyMarker.utf8)
            var pastMarkerUpload = false
            all = all.filter { upload in
                if upload.key == keyMarker {
                    if pastMarkerUpload { return true }
                    if !uploadIdMarker.isEmpty && upload.uploadId == uploadIdMarker { pastMarkerUpload = true }
                    return false
                }
                return markerBytes.lexicographicallyPrecedes(Array(upload.key.utf8))
            }
        }
        let page = all.prefix(maxUploads)
        var xml = XMLWriter()
        xml.open("ListMultipartUploadsResult", namespace: XMLWriter.s3Namespace)
        xml.element("Bucket", bucket)
        xml.element("KeyMarker", keyMarker)
        xml.element("UploadIdMarker", uploadIdMarker)
        if all.count > page.count, let last = page.last {
            xml.element("NextKeyMarker", last.key)
            xml.element("NextUploadIdMarker", last.uploadId)
        }
        if !prefix.isEmpty { xml.element("Prefix", prefix) }
        xml.element("MaxUploads", String(maxUploads))
        xml.element("IsTruncated", all.count > page.count ? "true" : "false")
        for upload in page {
            xml.element("Upload") { w in
                w.element("Key", upload.key)
                w.element("UploadId", upload.uploadId)
                w.element("Initiated", HTTPDates.iso8601(Date(timeIntervalSince1970: upload.initiated)))
                w.element("StorageClass", "STANDARD")
            }
        }
        xml.close("ListMultipartUploadsResult")
        return Self.xmlResponse(xml)
    }
}
