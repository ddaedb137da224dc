import Yams

/// Reads the spec's `bedrock:` block into ``BedrockOptions``, collecting problems with their lines.
struct BedrockSpecBlock: SpecNodeReading {
    static let keys = ["region", "role_arn", "bucket", "prefix", "profile", "endpoint", "endpoints", "quotas", "realtime",
                       "realtime_rate", "tags", "timeout_hours", "kms_key_id", "vpc"]
    static let endpointKeys = ["s3", "bedrock", "bedrock_runtime"]
    static let quotaKeys = ["max_concurrent_jobs", "min_records_per_job", "max_records_per_job"]
    static let vpcKeys = ["subnet_ids", "security_group_ids"]

    var problems: [SpecProblem] = []

    /// Parses the block (`node`, nil when absent) for a spec whose provider is `provider`; applies the
    /// model's quota to `limits` (concurrency is lowered to it; record limits must fit inside it).
    mutating func parse(_ node: Node?, provider: String, providerNode: Node?, model: String?, baseModel: String?,
                        limits: inout Limits, limitsNode: Node?) -> BedrockOptions? {
        guard provider == "bedrock" else {
            if let node, !isNull(node) {
                problem("bedrock", node, "is only read with `provider: bedrock`", hint: "add `provider: bedrock`, or remove the block to use the emulator")
            }
            return nil
        }
        guard let node, !isNull(node) else {
            problem("bedrock", providerNode, "is required with `provider: bedrock`",
                    hint: "add `bedrock: {bucket: my-bucket, role_arn: arn:aws:iam::123456789012:role/BedrockBatch, region: us-east-1}`")
            return nil
        }
        guard case .mapping(let m) = node else { problem("bedrock", node, "expected a mapping of keys"); return nil }
        checkKeys(m, allowed: Self.keys, path: "bedrock")

        let bucket = string(m, "bucket", path: "bedrock.bucket")
        if bucket == nil {
            problem("bedrock.bucket", node, "is required", hint: "the S3 bucket for staged inputs and job outputs, in the jobs' Region")
        } else if let bucket, !BedrockOptions.isBucketName(bucket) {
            problem("bedrock.bucket", value(m, "bucket"), "`\(bucket)` is not a valid S3 bucket name",
                    hint: "3 to 63 lowercase letters, digits, dots and hyphens; give the name only, not s3://")
        }
        let role = string(m, "role_arn", path: "bedrock.role_arn")
        if role == nil {
            problem("bedrock.role_arn", node, "is required",
                    hint: "the service role Bedrock assumes to read and write the bucket, e.g. arn:aws:iam::123456789012:role/BedrockBatch (see docs/aws.md)")
        } else if let role, !BedrockOptions.isRoleArn(role) {
            problem("bedrock.role_arn", value(m, "role_arn"), "`\(role)` is not an IAM role ARN",
                    hint: "it looks like arn:aws:iam::123456789012:role/BedrockBatch")
        }
        var options = BedrockOptions(roleArn: role ?? "", bucket: bucket ?? "")

        if let region = string(m, "region", path: "bedrock.region") {
            if BedrockOptions.isRegionName(region) { options.region = region } else {
                problem("bedrock.region", value(m, "region"), "`\(region)` is not an AWS Region name", hint: "for example us-east-1 or eu-central-1")
            }
        }
        if let prefix = string(m, "prefix", path: "bedrock.prefix") {
            var p = prefix
            while p.hasPrefix("/") { p.removeFirst() }
            if !p.isEmpty && !p.hasSuffix("/") { p += "/" }
            if p.contains("//") || p.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) {
                problem("bedrock.prefix", value(m, "prefix"), "`\(prefix)` has an empty, `.` or `..` segment", hint: "use a plain path such as batch/quarry/")
            } else {
                options.prefix = p
            }
        }
        options.profile = string(m, "profile", path: "bedrock.profile")
        if let endpoint = string(m, "endpoint", path: "bedrock.endpoint") {
            if checkURL(endpoint, path: "bedrock.endpoint", node: value(m, "endpoint")) { options.endpoint = endpoint }
        }
        if let e = mapping(m, "endpoints", path: "bedrock.endpoints") {
            checkKeys(e, allowed: Self.endpointKeys, path: "bedrock.endpoints")
            for key in Self.endpointKeys {
                guard let url = string(e, key, path: "bedrock.endpoints.\(key)") else { continue }
                if checkURL(url, path: "bedrock.endpoints.\(key)", node: value(e, key)) {
                    options.endpoints[key == "bedrock_runtime" ? "bedrock-runtime" : key] = url
                }
            }
        }
        if let v = bool(m, "realtime", path: "bedrock.realtime") { options.realtime = v }
        if let v = double(m, "realtime_rate", path: "bedrock.realtime_rate") {
            if v > 0 && v <= 10_000 { options.realtimeRate = v } else {
                problem("bedrock.realtime_rate", value(m, "realtime_rate"), "must be more than 0 (requests per second) and at most 10000")
            }
        }
        if let v = int(m, "timeout_hours", path: "bedrock.timeout_hours") {
            if (24...168).contains(v) { options.timeoutHours = v } else {
                problem("bedrock.timeout_hours", value(m, "timeout_hours"), "must be between 24 and 168", hint: "Bedrock's limits for timeoutDurationInHours")
            }
        }
        options.kmsKeyId = string(m, "kms_key_id", path: "bedrock.kms_key_id")
        if let t = mapping(m, "tags", path: "bedrock.tags") {
            for (k, v) in t {
                guard let key = k.string, let text = v.string, !key.isEmpty, key.count <= 128, text.count <= 256, !key.hasPrefix("aws:") else {
                    problem("bedrock.tags", k, "tags are text keys (1–128 characters, not starting with aws:) with text values (up to 256)")
                    continue
                }
                options.tags[key] = text
            }
        }
        if let v = mapping(m, "vpc", path: "bedrock.vpc") {
            checkKeys(v, allowed: Self.vpcKeys, path: "bedrock.vpc")
            options.subnetIds = strings(v, "subnet_ids", path: "bedrock.vpc.subnet_ids")
            options.securityGroupIds = strings(v, "security_group_ids", path: "bedrock.vpc.security_group_ids")
            if options.subnetIds.isEmpty || options.securityGroupIds.isEmpty {
                problem("bedrock.vpc", value(m, "vpc"), "needs both subnet_ids and security_group_ids")
            }
        }
        if let q = mapping(m, "quotas", path: "bedrock.quotas") {
            applyQuotas(q, model: model, baseModel: baseModel, options: &options, limits: &limits, limitsNode: limitsNode)
        }
        return options
    }

    /// `quotas: {<model id or base model id or default>: {max_concurrent_jobs, min_records_per_job, max_records_per_job}}`.
    private mutating func applyQuotas(_ q: Node.Mapping, model: String?, baseModel: String?, options: inout BedrockOptions,
                                      limits: inout Limits, limitsNode: Node?) {
        var chosen: (String, Node.Mapping)?
        var fallback: (String, Node.Mapping)?
        for (k, v) in q {
            guard let id = k.string else { continue }
            guard case .mapping(let entry) = v else { problem("bedrock.quotas.\(id)", v, "expected a mapping such as {max_concurrent_jobs: 10}"); continue }
            checkKeys(entry, allowed: Self.quotaKeys, path: "bedrock.quotas.\(id)")
            if id == model || id == baseModel { chosen = (id, entry) } else if id == "default" { fallback = (id, entry) }
        }
        guard let (id, entry) = chosen ?? fallback else { return }
        let path = "bedrock.quotas.\(id)"
        if let v = int(entry, "max_concurrent_jobs", path: path + ".max_concurrent_jobs") {
            if v >= 1 {
                options.maxConcurrentJobs = v
                limits.maxConcurrentJobs = min(limits.maxConcurrentJobs, v)
            } else { problem(path + ".max_concurrent_jobs", value(entry, "max_concurrent_jobs"), "must be at least 1") }
        }
        if let v = int(entry, "max_records_per_job", path: path + ".max_records_per_job"), limits.maxRecordsPerJob > v {
            problem("limits.max_records_per_job", limitsNode ?? value(entry, "max_records_per_job"),
                    "is \(limits.maxRecordsPerJob), above the model's quota of \(v) records per job (\(path))",
                    hint: "set limits.max_records_per_job to \(v) or less")
        }
        if let v = int(entry, "min_records_per_job", path: path + ".min_records_per_job"), limits.minRecordsPerJob < v {
            problem("limits.min_records_per_job", limitsNode ?? value(entry, "min_records_per_job"),
                    "is \(limits.minRecordsPerJob), below the model's minimum of \(v) records per job (\(path))",
                    hint: "set limits.min_records_per_job to \(v) or more; smaller remainders go through the real-time lane")
        }
    }

    // MARK: Helpers (the same conventions as SpecParser's)

    private mutating func string(_ m: Node.Mapping, _ key: String, path: String) -> String? {
        guard let node = value(m, key), !isNull(node) else { return nil }
        guard case .scalar(let s) = node else { problem(path, node, "expected text"); return nil }
        let t = s.string.trimmingWhitespace
        if t.isEmpty { problem(path, node, "is empty"); return nil }
        return t
    }

    private mutating func int(_ m: Node.Mapping, _ key: String, path: String) -> Int? {
        guard let node = value(m, key), !isNull(node) else { return nil }
        guard let v = node.int else { problem(path, node, "expected a whole number"); return nil }
        return v
    }

    private mutating func double(_ m: Node.Mapping, _ key: String, path: String) -> Double? {
        guard let node = value(m, key), !isNull(node) else { return nil }
        guard let v = node.float ?? node.int.map(Double.init) else { problem(path, node, "expected a number"); return nil }
        return v
    }

    private mutating func mapping(_ m: Node.Mapping, _ key: String, path: String) -> Node.Mapping? {
        guard let node = value(m, key), !isNull(node) else { return nil }
        guard case .mapping(let inner) = node else { problem(path, node, "expected a mapping of keys"); return nil }
        return inner
    }

    private mutating func strings(_ m: Node.Mapping, _ key: String, path: String) -> [String] {
        guard let node = value(m, key), !isNull(node) else { return [] }
        guard case .sequence(let seq) = node else { problem(path, node, "expected a list of ids"); return [] }
        return seq.compactMap { $0.string }
    }

    private mutating func checkURL(_ url: String, path: String, node: Node?) -> Bool {
        let ok = (url.hasPrefix("http://") || url.hasPrefix("https://")) && url.split(separator: "/", omittingEmptySubsequences: true).count >= 2
            && !url.contains("@") && !url.contains(" ")
        if !ok { problem(path, node, "`\(url)` is not an http(s) URL", hint: "for example http://127.0.0.1:4599 or https://bedrock.us-east-1.amazonaws.com") }
        return ok
    }
}
