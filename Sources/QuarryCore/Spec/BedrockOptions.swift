/// The spec's `bedrock:` block: where `provider: bedrock` stages inputs and finds outputs, which
/// service role the jobs assume, how to reach AWS, and the account's quotas.
///
/// Only ``region``, ``bucket`` and ``prefix`` belong to a run's identity (they decide where its
/// objects and jobs live); the rest are operational and may change between attempts.
public struct BedrockOptions: Sendable, Equatable, Codable {
    /// The AWS Region (`us-east-1`); nil: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's.
    public var region: String?
    /// The service role Bedrock assumes to read inputs and write outputs (`arn:aws:iam::123456789012:role/...`).
    public var roleArn: String
    /// The S3 bucket for staged inputs and job outputs.
    public var bucket: String
    /// The key prefix inside the bucket (empty or ending with `/`).
    public var prefix: String = "quarry/"
    /// The shared-config profile to take credentials (and the region) from.
    public var profile: String?
    /// One endpoint URL for S3, Bedrock and Bedrock Runtime (an emulator, a proxy).
    public var endpoint: String?
    /// Per-service endpoint URLs, keyed by AWS service id: `s3`, `bedrock`, `bedrock-runtime`.
    public var endpoints: [String: String] = [:]
    /// The account's quota of unfinished batch jobs for the run's model, when one was given in `quotas:`.
    public var maxConcurrentJobs: Int?
    /// Whether the real-time lane (InvokeModel) may be used for remainders and late retries.
    public var realtime: Bool = true
    /// Real-time requests per second at most.
    public var realtimeRate: Double = 5
    /// Tags set on every job (`quarry:run` and `quarry:run-id` are added).
    public var tags: [String: String] = [:]
    /// Hours after which Bedrock stops a job (24...168).
    public var timeoutHours: Int?
    /// A KMS key for the job outputs.
    public var kmsKeyId: String?
    /// Subnets of a VPC the jobs run in (with ``securityGroupIds``).
    public var subnetIds: [String] = []
    /// Security groups of that VPC.
    public var securityGroupIds: [String] = []

    /// Creates options with the two required settings.
    public init(roleArn: String, bucket: String) {
        self.roleArn = roleArn
        self.bucket = bucket
    }

    /// Whether `text` is an IAM role ARN (`arn:<partition>:iam::<12 digits>:role/<path/name>`).
    public static func isRoleArn(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam", parts[3].isEmpty else { return false }
        guard parts[4].count == 12, parts[4].allSatisfy(\.isASCII), parts[4].allSatisfy(\.isNumber) else { return false }
        let resource = parts[5]
        guard resource.hasPrefix("role/"), resource.count > 5, resource.count <= 2048 else { return false }
        return resource.dropFirst(5).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-/".contains($0)) }
    }

    /// Whether `name` follows S3's bucket naming rules (3–63 lowercase letters, digits, `.`, `-`).
    public static func isBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard alnum(bytes.first!), alnum(bytes.last!), !name.contains("..") else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 0x2D || $0 == 0x2E }
    }

    /// Whether `name` looks like a Region (`us-east-1`, `eu-central-2`, `us-gov-west-1`).
    public static func isRegionName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, Int(last) != nil else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }
}
