import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuarryEmulator

/// S3 (rest-xml, path-style or virtual-hosted): authorization, injected faults and dispatch by
/// method and query to the bucket and object operations.
extension EmulatorHandler {
    func handleS3(_ request: Request) async -> Response {
        let requestId = Self.newRequestId()
        let isHead = request.method == .head
        let target = RawTarget(request.head.path ?? "/")
        let incoming = SigV4Verifier.IncomingRequest(request)
        let identity: SigV4Verifier.Identity
        do {
            identity = try verifier.verify(incoming, service: "s3", bodySHA256: { nil }, now: now())
        } catch {
            logger.info("S3 request refused", metadata: ["aws.request_id": "\(requestId)", "auth.failure": "\(error.kind)"])
            return s3ErrorResponse(Self.s3Error(for: error), requestId: requestId, head: isHead, resource: target.path)
        }
        if dice.happens(rate: configuration.s3ErrorRate, purpose: 1) {
            let slowDown = dice.roll(2) < 0.5
            let error = slowDown ? S3Error("SlowDown", status: 503, "Please reduce your request rate.") : S3Error.internalError()
            logger.debug("Injected S3 fault", metadata: ["aws.request_id": "\(requestId)", "s3.code": "\(error.code)"])
            return s3ErrorResponse(error, requestId: requestId, head: isHead, resource: target.path)
        }
        let address = S3Address(target: target, authority: request.head.authority, serverHost: configuration.host)
        do {
            var response = try await dispatchS3(request, target: target, address: address, identity: identity)
            response.headers[Self.field("x-amz-request-id")] = requestId
            response.headers[Self.field("x-amz-id-2")] = requestId
            return response
        } catch let error as S3Error {
            return s3ErrorResponse(error, requestId: requestId, head: isHead, resource: target.path)
        } catch is BodyTooLarge {
            return s3ErrorResponse(S3Error("MaxMessageLengthExceeded", status: 400, "Your request was too big."),
                                   requestId: requestId, head: isHead, resource: target.path)
        } catch {
            logger.warning("S3 request failed", metadata: ["aws.request_id": "\(requestId)", "error.type": "\(type(of: error))"])
            return s3ErrorResponse(.internalError(), requestId: requestId, head: isHead, resource: target.path)
        }
    }

    private func dispatchS3(_ request: Request, target: RawTarget, address: S3Address, identity: SigV4Verifier.Identity) async throws -> Response {
        let method = request.method
        guard let bucket = address.bucket else {
            guard method == .get else { throw S3Error("MethodNotAllowed", status: 405, "The specified method is not allowed against this resource.") }
            return listBuckets()
        }
        for unsupported in ["acl", "policy", "tagging", "versioning", "cors", "lifecycle", "website", "versions", "encryption",
                            "notification", "replication", "logging", "retention", "legal-hold", "object-lock", "torrent",
                            "restore", "select", "attributes"] where target.has(unsupported) {
            throw S3Error.notImplemented("?\(unsupported)")
        }
        guard let key = address.key else {
            switch method {
            case .put: return try createBucket(bucket)
            case .head:
                try store.requireBucket(bucket)
                return Response(status: .ok, headers: [Self.field("x-amz-bucket-region"): configuration.emulator.region])
            case .delete:
                try store.deleteBucket(bucket)
                return Response(status: .noContent)
            case .get:
                if target.has("location") { return try bucketLocation(bucket) }
                if target.has("uploads") { return try listMultipartUploads(bucket: bucket, target: target) }
                return try await listObjects(bucket, target: target)
            case .post:
                if target.has("delete") { return try await deleteObjects(request, bucket: bucket) }
                throw S3Error.notImplemented("POST on a bucket without ?delete")
            default:
                throw S3Error("MethodNotAllowed", status: 405, "The specified method is not allowed against this resource.")
            }
        }
        switch method {
        case .put:
            if let uploadId = target.parameter("uploadId") {
                return try await uploadPart(request, bucket: bucket, key: key, uploadId: uploadId, target: target, identity: identity)
            }
            if request.headers[Self.field("x-amz-copy-source")] != nil {
                return try await copyObject(request, bucket: bucket, key: key)
            }
            return try await putObject(request, bucket: bucket, key: key, identity: identity)
        case .get:
            if let uploadId = target.parameter("uploadId") { return try listParts(bucket: bucket, key: key, uploadId: uploadId, target: target) }
            return try getObject(request, bucket: bucket, key: key, target: target, head: false)
        case .head:
            return try getObject(request, bucket: bucket, key: key, target: target, head: true)
        case .delete:
            if let uploadId = target.parameter("uploadId") {
                let upload = try store.upload(uploadId, bucket: bucket, key: key)
                store.abortUpload(upload)
                return Response(status: .noContent)
            }
            try store.deleteObject(bucket, key)
            return Response(status: .noContent)
        case .post:
            if target.has("uploads") { return try createMultipartUpload(request, bucket: bucket, key: key) }
            if let uploadId = target.parameter("uploadId") {
                return try await completeMultipartUpload(request, bucket: bucket, key: key, uploadId: uploadId)
            }
            throw S3Error.notImplemented("POST on an object without ?uploads or ?uploadId")
        default:
            throw S3Error("MethodNotAllowed", status: 405, "The specified method is not allowed against this resource.")
        }
    }

    // MARK: Responses

    static func s3Error(for failure: AuthFailure) -> S3Error {
        switch failure.kind {
        case .missing: S3Error("AccessDenied", status: 403, "Access Denied")
        case .malformed:
            failure.message.hasPrefix("Missing required header")
                ? S3Error("InvalidRequest", status: 400, failure.message)
                : S3Error("AuthorizationHeaderMalformed", status: 400, failure.message)
        case .unknownAccessKey: S3Error("InvalidAccessKeyId", status: 403, failure.message)
        case .signatureMismatch: S3Error("SignatureDoesNotMatch", status: 403, SigV4Verifier.mismatchMessage)
        case .skewed: S3Error("RequestTimeTooSkewed", status: 403, failure.message)
        case .expired: S3Error("AccessDenied", status: 403, failure.message)
        case .unsupported: S3Error("NotImplemented", status: 501, failure.message)
        }
    }

    func s3ErrorResponse(_ error: S3Error, requestId: String, head: Bool, resource: Substring) -> Response {
        var headers: HTTPFields = [
            Self.field("x-amz-request-id"): requestId,
            Self.field("x-amz-id-2"): requestId,
        ]
        if head {
            headers[.contentLength] = "0"
            return Response(status: .init(code: error.status), headers: headers)
        }
        var xml = XMLWriter()
        xml.open("Error")
        xml.element("Code", error.code)
        xml.element("Message", error.message)
        for (name, value) in error.details { xml.element(name, value) }
        xml.element("Resource", String(resource))
        xml.element("RequestId", requestId)
        xml.element("HostId", requestId)
        xml.close("Error")
        headers[.contentType] = "application/xml"
        return Response(status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: xml.text)))
    }

    static func xmlResponse(_ xml: XMLWriter, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/xml"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: xml.text)))
    }

    // MARK: Buckets

    private func listBuckets() -> Response {
        var xml = XMLWriter()
        xml.open("ListAllMyBucketsResult", namespace: XMLWriter.s3Namespace)
        xml.element("Owner") { w in
            w.element("ID", configuration.emulator.accountId)
            w.element("DisplayName", "quarry-emulator")
        }
        xml.open("Buckets")
        for bucket in store.listBuckets() {
            xml.element("Bucket") { w in
                w.element("Name", bucket.name)
                w.element("CreationDate", HTTPDates.iso8601(bucket.created))
            }
        }
        xml.close("Buckets")
        xml.close("ListAllMyBucketsResult")
        return Self.xmlResponse(xml)
    }

    private func createBucket(_ bucket: String) throws -> Response {
        try store.createBucket(bucket)
        return Response(status: .ok, headers: [.location: "/" + bucket, .contentLength: "0"])
    }

    private func bucketLocation(_ bucket: String) throws -> Response {
        try store.requireBucket(bucket)
        var xml = XMLWriter()
        let region = configuration.emulator.region
        xml.open("LocationConstraint", namespace: XMLWriter.s3Namespace)
        if region != "us-east-1" { xml.raw(XMLWriter.escape(region)) }
        xml.close("LocationConstraint")
        return Self.xmlResponse(xml)
    }
}
