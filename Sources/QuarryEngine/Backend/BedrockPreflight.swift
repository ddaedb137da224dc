import Foundation
import NIOCore
public import QuarryAWS
public import QuarryCore

/// Checks, before the first upload, that a Bedrock run can work: the credentials resolve, the bucket
/// exists in reach and may be listed and written, and the Bedrock job APIs answer. Each failure names
/// the setting or the IAM permission that is missing. Messages never contain credentials.
public enum BedrockPreflight {
    /// Runs the checks; `runPrefix` is the run's key prefix (`runs/<name>/<run id>/`), `jobPrefix` its job-name prefix.
    public static func check(_ aws: ProviderConnection.AWSClients, options: BedrockOptions, spec: RunSpec,
                             runPrefix: String, jobPrefix: String, identity: String) async throws(QuarryError) {
        let bucket = options.bucket
        // 1. Credentials.
        do { _ = try await aws.credentials.credentials() } catch {
            let detail = (error as? AWSError)?.message ?? "\(type(of: error))"
            throw QuarryError(.provider, "no usable AWS credentials for provider: bedrock: \(detail)",
                              hint: options.profile.map { "check the profile `\($0)` (bedrock.profile) in ~/.aws/config and ~/.aws/credentials" }
                                ?? "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or add `profile:` to the bedrock: block (docs/aws.md)")
        }
        // 2. An inference profile's geography must match the Region.
        if let prefix = try? ModelCatalog.resolve(spec.model).profilePrefix, let expected = profileRegions[prefix],
           !expected.contains(where: { aws.region.hasPrefix($0) }) {
            throw QuarryError(.provider, "the model `\(spec.model)` is a `\(prefix).` inference profile but the Region is \(aws.region)",
                              hint: "use a Region of that geography, or the `\(regionPrefix(aws.region))` profile of the model")
        }
        // 3. The bucket: listable (s3:ListBucket), then writable (s3:PutObject).
        do {
            _ = try await aws.s3.listObjectsV2(bucket: bucket, prefix: options.prefix.isEmpty ? nil : options.prefix, maxKeys: 1)
        } catch {
            throw s3Failure(error, bucket: bucket, region: aws.region, action: "s3:ListBucket", resource: "arn:aws:s3:::\(bucket)")
        }
        do {
            var body = Array(identity.utf8)
            body.append(0x0A)
            try await aws.s3.putObject(bucket: bucket, key: options.prefix + runPrefix + "quarry-run.json", body: .init(bytes: body),
                                       contentType: "application/json")
        } catch {
            throw s3Failure(error, bucket: bucket, region: aws.region, action: "s3:PutObject", resource: "arn:aws:s3:::\(bucket)/\(options.prefix)*")
        }
        // 4. The job APIs: listing (reconciliation on resume needs it) and reading one job.
        do {
            _ = try await aws.bedrock.listModelInvocationJobs(ListModelInvocationJobsFilter(nameContains: jobPrefix), maxResults: 1)
        } catch {
            throw bedrockFailure(error, action: "bedrock:ListModelInvocationJobs", region: aws.region)
        }
        do {
            _ = try await aws.bedrock.getModelInvocationJob("000000000000")
        } catch let e as AWSError where e.kind == .notFound || e.kind == .validation {
            // The call was allowed; the job simply does not exist.
        } catch {
            throw bedrockFailure(error, action: "bedrock:GetModelInvocationJob", region: aws.region)
        }
    }

    static let profileRegions: [String: [String]] = ["us": ["us-"], "eu": ["eu-"], "apac": ["ap-"], "ca": ["ca-"], "jp": ["ap-northeast-"],
                                                     "au": ["ap-southeast-"], "us-gov": ["us-gov-"]]

    static func regionPrefix(_ region: String) -> String {
        for (prefix, regions) in profileRegions where regions.contains(where: { region.hasPrefix($0) }) { return prefix + "." }
        return "base model id (without a geography prefix) or the matching"
    }

    static func s3Failure(_ error: any Error, bucket: String, region: String, action: String, resource: String) -> QuarryError {
        guard let e = error as? AWSError else { return QuarryError(.provider, "cannot reach the bucket \(bucket): \(error)") }
        switch (e.kind, e.code) {
        case (_, "NoSuchBucket"):
            return QuarryError(.provider, "the bucket `\(bucket)` does not exist (bedrock.bucket)",
                               hint: "create it in \(region) (aws s3 mb s3://\(bucket) --region \(region)) or fix bedrock.bucket")
        case (_, "PermanentRedirect"), (_, "AuthorizationHeaderMalformed"), (_, "IllegalLocationConstraintException"):
            return QuarryError(.provider, "the bucket `\(bucket)` is not in \(region): \(e.message)",
                               hint: "set bedrock.region to the bucket's Region (Bedrock batch jobs need the bucket in the job's Region)")
        case (.authentication, _), (.credentials, _):
            return QuarryError(.provider, "S3 refused the credentials (\(e.code)): \(e.message)",
                               hint: "the access key is unknown, its secret is wrong, or the session expired; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or the profile")
        case (.accessDenied, _):
            return QuarryError(.provider, "access denied to the bucket `\(bucket)`: the credentials need \(action) on \(resource)",
                               hint: "grant it in the caller's IAM policy (and the bucket policy, if any); docs/aws.md lists every permission")
        default:
            return QuarryError(.provider, "cannot reach the bucket `\(bucket)` (\(e.code)): \(e.message)",
                               hint: e.kind.isRetryable ? "S3 did not answer after retries; check the network or bedrock.endpoint, then run again" : nil)
        }
    }

    static func bedrockFailure(_ error: any Error, action: String, region: String) -> QuarryError {
        guard let e = error as? AWSError else { return QuarryError(.provider, "cannot reach Bedrock: \(error)") }
        switch e.kind {
        case .authentication, .credentials:
            return QuarryError(.provider, "Bedrock refused the credentials (\(e.code)): \(e.message)",
                               hint: "check the access key, secret and session token, or the profile")
        case .accessDenied:
            return QuarryError(.provider, "access denied by Bedrock: the credentials need \(action) in \(region)",
                               hint: "grant it in the caller's IAM policy; docs/aws.md lists every permission")
        default:
            return QuarryError(.provider, "cannot reach Bedrock in \(region) (\(e.code)): \(e.message)",
                               hint: e.kind.isRetryable ? "Bedrock did not answer after retries; check the network or bedrock.endpoint, then run again"
                                                        : "is Bedrock batch inference available in \(region)?")
        }
    }
}
