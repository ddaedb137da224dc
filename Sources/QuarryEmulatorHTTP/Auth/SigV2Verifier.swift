import AWSSigning
import Crypto
import Foundation

/// S3's legacy signature (HMAC-SHA1, "AWS AKID:signature" headers and `AWSAccessKeyId` /
/// `Signature` / `Expires` presigned URLs). boto3 still presigns S3 URLs this way by default for a
/// custom endpoint, so the emulator accepts it for S3 requests (path-style addressing).
struct SigV2Verifier: Sendable {
    let credentials: [String: AWSCredentials]
    let maxSkew: TimeInterval

    /// Sub-resources that are part of the signed resource (botocore's `QSAOfInterest`).
    static let signedSubresources: Set<String> = [
        "accelerate", "acl", "cors", "defaultObjectAcl", "location", "logging", "partNumber", "policy",
        "requestPayment", "torrent", "versioning", "versionId", "versions", "website", "uploads", "uploadId",
        "response-content-type", "response-content-language", "response-expires", "response-cache-control",
        "response-content-disposition", "response-content-encoding", "delete", "lifecycle", "tagging", "restore",
        "storageClass", "notification", "replication", "analytics", "metrics", "inventory", "select", "select-type",
        "object-lock",
    ]

    /// Whether the request carries a SigV2 authorization.
    static func applies(_ request: SigV4Verifier.IncomingRequest, target: RawTarget) -> Bool {
        if let auth = request.first("authorization") { return auth.hasPrefix("AWS ") }
        return target.has("AWSAccessKeyId") && target.has("Signature")
    }

    func verify(_ request: SigV4Verifier.IncomingRequest, target: RawTarget, now: Date) throws(AuthFailure) -> SigV4Verifier.Identity {
        let accessKeyId: String
        let signature: String
        let dateLine: String
        var queryHeaders: [String: String] = [:]
        if let auth = request.first("authorization") {
            let value = auth.dropFirst(4)
            guard let colon = value.lastIndex(of: ":") else {
                throw AuthFailure(.malformed, "The authorization header is malformed; expected AWS AccessKeyId:Signature.")
            }
            accessKeyId = String(value[..<colon])
            signature = String(value[value.index(after: colon)...])
            let dateText = request.first("x-amz-date") ?? request.first("date")
            guard let dateText, let date = HTTPDates.parseRFC1123(dateText) ?? SigV4Verifier.parseAMZDate(dateText) else {
                throw AuthFailure(.malformed, "The request must carry a Date or x-amz-date header.")
            }
            if abs(now.timeIntervalSince(date)) > maxSkew {
                throw AuthFailure(.skewed, "The difference between the request time and the current time is too large.")
            }
            dateLine = request.first("x-amz-date") != nil ? "" : (request.first("date") ?? "")
        } else {
            guard let id = target.parameter("AWSAccessKeyId"), let sig = target.parameter("Signature"),
                  let expiresText = target.parameter("Expires"), let expires = Double(expiresText) else {
                throw AuthFailure(.malformed, "The presigned URL needs AWSAccessKeyId, Signature and Expires.")
            }
            if now.timeIntervalSince1970 > expires { throw AuthFailure(.expired, "Request has expired") }
            accessKeyId = id
            signature = sig
            dateLine = expiresText
            for (name, value) in target.parameters {
                let lower = name.lowercased()
                if lower.hasPrefix("x-amz-") || lower == "content-md5" || lower == "content-type" { queryHeaders[lower] = value }
            }
        }
        if credentials.isEmpty { return .init(accessKeyId: accessKeyId, region: "us-east-1", contentSHA256: nil) }
        guard let credential = credentials[accessKeyId] else {
            throw AuthFailure(.unknownAccessKey, "The AWS Access Key Id you provided does not exist in our records.")
        }
        var lines = request.method.uppercased() + "\n"
        lines += (queryHeaders["content-md5"] ?? request.first("content-md5") ?? "") + "\n"
        lines += (queryHeaders["content-type"] ?? request.first("content-type") ?? "") + "\n"
        lines += dateLine + "\n"
        var amz: [String: String] = queryHeaders.filter { $0.key.hasPrefix("x-amz-") }
        for (name, _) in request.headers where name.hasPrefix("x-amz-") && amz[name] == nil {
            amz[name] = request.values(name).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
        }
        for name in amz.keys.sorted() { lines += name + ":" + amz[name]! + "\n" }
        lines += Self.canonicalResource(target)
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(lines.utf8), using: SymmetricKey(data: Array(credential.secretAccessKey.utf8)))
        guard SigV4Verifier.constantTimeEqual(Data(mac).base64EncodedString(), signature) else {
            throw AuthFailure(.signatureMismatch, SigV4Verifier.mismatchMessage)
        }
        return .init(accessKeyId: accessKeyId, region: "us-east-1", contentSHA256: request.first("x-amz-content-sha256"))
    }

    /// The raw path plus the signed sub-resources, sorted, with decoded values.
    static func canonicalResource(_ target: RawTarget) -> String {
        var resource = String(target.path)
        let pieces = target.query.split(separator: "&", omittingEmptySubsequences: true).compactMap { piece -> (String, String?)? in
            let name: String, value: String?
            if let eq = piece.firstIndex(of: "=") {
                name = String(piece[..<eq])
                value = PercentCoding.decode(piece[piece.index(after: eq)...])
            } else {
                name = String(piece)
                value = nil
            }
            return signedSubresources.contains(name) ? (name, value) : nil
        }.sorted { $0.0 < $1.0 }
        if !pieces.isEmpty {
            resource += "?" + pieces.map { piece in piece.1.map { piece.0 + "=" + $0 } ?? piece.0 }.joined(separator: "&")
        }
        return resource
    }
}
