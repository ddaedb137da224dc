import QuarryAWS
import QuarryCore

/// Turns an S3 input location into the objects it names, in key order, with their sizes and ETags:
/// HeadObject for one object, ListObjectsV2 (every page) for a prefix or a glob.
struct S3InputResolver {
    let s3: S3Client
    let ref: S3InputRef

    /// A listed or looked-up object, before it has a local copy.
    struct Found: Equatable {
        var key: String
        var size: Int
        var eTag: String
    }

    func resolve() async throws(QuarryError) -> [Found] {
        switch ref.kind {
        case .object: return [try await head()]
        case .prefix, .glob: return try await list()
        }
    }

    private func head() async throws(QuarryError) -> Found {
        do {
            let info = try await s3.headObject(bucket: ref.bucket, key: ref.key)
            return Found(key: ref.key, size: Int(info.contentLength), eTag: info.eTag ?? "")
        } catch let error as AWSError where error.kind == .notFound {
            if try await !bucketExists() { throw Self.noBucket(ref) }
            // A folder named like a file (`s3://b/data.parquet/part-0.parquet`, as Spark writes).
            let under = try? await s3.listObjectsV2(bucket: ref.bucket, prefix: ref.key + "/", maxKeys: 1)
            if let under, !under.objects.isEmpty {
                throw QuarryError(.invalidInput, "there is no object \(ref.uri), but there are objects under \(ref.uri)/",
                                  hint: "add a trailing / to read them all as one table: \(ref.uri)/")
            }
            throw QuarryError(.invalidInput, "there is no object \(ref.uri)", hint: "check the bucket and key (keys are case-sensitive)")
        } catch {
            throw S3InputErrors.map(error, doing: "read", ref.uri)
        }
    }

    private func list() async throws(QuarryError) -> [Found] {
        var found: [Found] = []
        var listed = 0
        var examples: [String] = []
        do {
            for try await page in s3.listObjectsV2Pages(bucket: ref.bucket, prefix: ref.listPrefix) {
                for object in page.objects {
                    listed += 1
                    if examples.count < 5 { examples.append(object.key) }
                    // An empty object holds no rows (a CSV needs a header, Parquet a footer): a folder marker, an empty part.
                    if ref.includes(object.key), object.size > 0 { found.append(Found(key: object.key, size: Int(object.size), eTag: object.eTag ?? "")) }
                }
            }
        } catch {
            throw S3InputErrors.map(error, doing: "list", "s3://\(ref.bucket)/\(ref.listPrefix)")
        }
        let where_ = "s3://\(ref.bucket)/\(ref.listPrefix)"
        guard !found.isEmpty else {
            if listed == 0 {
                throw QuarryError(.invalidInput, "no objects found under \(where_) (for \(ref.uri))",
                                  hint: "check the bucket and prefix (keys are case-sensitive); `aws s3 ls \(where_)` lists what is there")
            }
            throw QuarryError(.invalidInput, "none of the \(listed) object\(listed == 1 ? "" : "s") under \(where_) match \(ref.uri) (listed: \(examples.joined(separator: ", "))\(listed > examples.count ? ", ..." : ""))",
                              hint: ref.kind == .glob ? "`*` does not cross `/`; use `**` to match keys in subfolders" : "objects in folders starting with `_` or `.` are skipped")
        }
        found.sort { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        try checkOneFormat(found)
        return found
    }

    /// Every object must be of one table format.
    private func checkOneFormat(_ found: [Found]) throws(QuarryError) {
        var byFormat: [String: [String]] = [:]
        var order: [String] = []
        for f in found {
            let format = S3InputRef.format(ofKey: f.key) ?? "other"
            if byFormat[format] == nil { order.append(format) }
            byFormat[format, default: []].append(f.key)
        }
        guard order.count > 1 || order.first == "other" else { return }
        let parts = order.map { format in
            let keys = byFormat[format]!
            let name = format == "other" ? "not .csv/.jsonl/.parquet" : ".\(format)"
            return "\(keys.count) \(name) (\(keys.prefix(2).joined(separator: ", "))\(keys.count > 2 ? ", ..." : ""))"
        }
        let suggestion = order.first { $0 != "other" }.map { "s3://\(ref.bucket)/\(ref.listPrefix)*.\($0)" } ?? "s3://\(ref.bucket)/\(ref.listPrefix)*.parquet"
        throw QuarryError(.invalidInput, "\(ref.uri) names objects of more than one format: \(parts.joined(separator: "; "))",
                          hint: "an input is one table of one format; narrow it with a glob such as \(suggestion)")
    }

    private func bucketExists() async throws(QuarryError) -> Bool {
        do {
            _ = try await s3.headBucket(ref.bucket)
            return true
        } catch let error as AWSError where error.kind == .notFound {
            return false
        } catch {
            return true   // forbidden to look: let the original answer stand
        }
    }

    static func noBucket(_ ref: S3InputRef) -> QuarryError {
        QuarryError(.invalidInput, "the bucket \(ref.bucket) of \(ref.uri) does not exist",
                    hint: "check the bucket name, and the endpoint (AWS_ENDPOINT_URL_S3) and Region in use")
    }
}

/// S3 failures as user-facing errors: what was refused, and what to check. Never a credential or a
/// signed URL (AWSError messages are already scrubbed of them).
enum S3InputErrors {
    static func map(_ error: any Error, doing action: String, _ uri: String) -> QuarryError {
        if let q = error as? QuarryError { return q }
        if error is CancellationError { return QuarryError(.cancelled, "stopped while reading \(uri); run again to resume") }
        guard let e = error as? AWSError else {
            return QuarryError(.invalidInput, "cannot \(action) \(uri): \(error)")
        }
        let code = e.code.isEmpty ? "" : " (\(e.code))"
        switch e.kind {
        case .accessDenied:
            return QuarryError(.invalidInput, "S3 denied access to \(action) \(uri)\(code)",
                               hint: "the credentials in use need s3:ListBucket on the bucket and s3:GetObject on its objects (a HEAD request also answers 403 to a wrong secret); check AWS_PROFILE, AWS_ACCESS_KEY_ID or the bedrock: block's profile")
        case .authentication:
            return QuarryError(.invalidInput, "S3 did not accept the credentials used to \(action) \(uri)\(code)",
                               hint: "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile, and the clock")
        case .credentials:
            return QuarryError(.invalidInput, "no AWS credentials to \(action) \(uri): \(e.message)",
                               hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or the bedrock: block's profile")
        case .notFound:
            if e.code == "NoSuchBucket" {
                return QuarryError(.invalidInput, "the bucket of \(uri) does not exist", hint: "check the bucket name, and the endpoint (AWS_ENDPOINT_URL_S3) and Region in use")
            }
            return QuarryError(.invalidInput, "\(uri) no longer exists (it was deleted after it was listed)", hint: "run again to read the input as it is now")
        case .preconditionFailed:
            return QuarryError(.specChanged, "\(uri) changed while it was being read (its ETag differs)",
                               hint: "run again: the new version is read, and an unfinished run over the old one asks for --new-run")
        case .network, .transient, .throttled:
            return QuarryError(.invalidInput, "cannot \(action) \(uri): \(e.message)\(code)",
                               hint: "check the network and the S3 endpoint (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or bedrock.endpoint); run again to resume")
        default:
            if e.code == "PermanentRedirect" || e.code == "AuthorizationHeaderMalformed" {
                return QuarryError(.invalidInput, "the bucket of \(uri) is in another Region\(code)", hint: "set AWS_REGION (or bedrock.region) to the bucket's Region")
            }
            return QuarryError(.invalidInput, "cannot \(action) \(uri): \(e.message)\(code)")
        }
    }
}
