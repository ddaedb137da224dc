/// Bedrock's member constraints for `CreateModelInvocationJob`, checked by hand (the patterns are
/// simple enough that a scanner is clearer and faster than a regular expression).
extension CreateModelInvocationJobRequest {
    static let jobNamePattern = #"[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}"#
    static let roleArnPattern = #"arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+"#
    static let tokenPattern = #"[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}"#
    static let s3UriPattern = #"s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:/[-!_*'().a-z0-9A-Z]+(?:/[-!_*'().a-z0-9A-Z]+)*)?/?"#

    /// Checks every member constraint that does not need the model catalog or the object store.
    func validateMembers() throws(EmulatorError) {
        if jobName.isEmpty || jobName.utf8.count > 63 {
            throw .constraint("jobName", value: jobName, "have length less than or equal to 63 and greater than or equal to 1")
        }
        if !Self.isValidJobName(jobName) {
            throw .pattern("jobName", value: jobName, pattern: Self.jobNamePattern)
        }
        if roleArn.utf8.count > 2048 || !Self.isValidRoleArn(roleArn) {
            throw .pattern("roleArn", value: roleArn, pattern: Self.roleArnPattern)
        }
        if let token = clientRequestToken {
            if token.isEmpty || token.utf8.count > 256 {
                throw .constraint("clientRequestToken", value: token, "have length less than or equal to 256 and greater than or equal to 1")
            }
            if !Self.isValidToken(token) {
                throw .pattern("clientRequestToken", value: token, pattern: Self.tokenPattern)
            }
        }
        if modelId.isEmpty || modelId.utf8.count > 2048 {
            throw .constraint("modelId", value: modelId, "have length less than or equal to 2048 and greater than or equal to 1")
        }
        let input = inputDataConfig.s3InputDataConfig
        if !Self.isValidS3Uri(input.s3Uri) {
            throw .pattern("inputDataConfig.s3InputDataConfig.s3Uri", value: input.s3Uri, pattern: Self.s3UriPattern)
        }
        if let format = input.s3InputFormat, format != "JSONL" {
            throw .constraint("inputDataConfig.s3InputDataConfig.s3InputFormat", value: format,
                              "satisfy enum value set: [JSONL]")
        }
        let output = outputDataConfig.s3OutputDataConfig
        if !Self.isValidS3Uri(output.s3Uri) {
            throw .pattern("outputDataConfig.s3OutputDataConfig.s3Uri", value: output.s3Uri, pattern: Self.s3UriPattern)
        }
        if let hours = timeoutDurationInHours, !(24...168).contains(hours) {
            throw .constraint("timeoutDurationInHours", value: String(hours),
                              "have value less than or equal to 168 and greater than or equal to 24")
        }
        if let type = modelInvocationType, type != "InvokeModel", type != "Converse" {
            throw .constraint("modelInvocationType", value: type, "satisfy enum value set: [InvokeModel, Converse]")
        }
        if let tags, tags.count > 200 {
            throw .constraint("tags", value: "\(tags.count) tags", "have length less than or equal to 200")
        }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// `[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}`: a letter or digit, then letters, digits, `+ - .`.
    static func isValidJobName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let first = u.first, isAlnum(first) else { return false }
        return u.dropFirst().allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// `[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}`: letters, digits and hyphens, starting and ending
    /// with a letter or digit.
    static func isValidToken(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let first = u.first, let last = u.last, isAlnum(first), isAlnum(last) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+`.
    static func isValidRoleArn(_ s: String) -> Bool {
        var rest = Substring(s)
        guard rest.hasPrefix("arn:aws") else { return false }
        rest = rest.dropFirst(7)
        if rest.first == "-" {
            guard let colon = rest.firstIndex(of: ":"), rest.distance(from: rest.startIndex, to: colon) > 1 else { return false }
            rest = rest[colon...]
        }
        guard rest.hasPrefix(":iam::") else { return false }
        rest = rest.dropFirst(6)
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard digits.isEmpty || digits.count == 12 else { return false }
        rest = rest.dropFirst(digits.count)
        guard rest.hasPrefix(":role/") else { return false }
        return rest.count > 6
    }

    /// Bedrock's `s3Uri` pattern: a lowercase bucket of 3–63 characters and an optional key of
    /// `/`-separated non-empty segments of letters, digits and `- ! _ * ' ( ) .`, optionally ending in `/`.
    static func isValidS3Uri(_ s: String) -> Bool {
        guard s.utf8.count <= 1024, s.hasPrefix("s3://") else { return false }
        let u = Array(s.utf8.dropFirst(5))
        let bucketEnd = u.firstIndex(of: UInt8(ascii: "/")) ?? u.count
        let bucket = u[..<bucketEnd]
        guard (3...63).contains(bucket.count) else { return false }
        func bucketChar(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) }
        guard bucketChar(bucket.first!), bucketChar(bucket.last!),
              bucket.allSatisfy({ bucketChar($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return false }
        var key = u[bucketEnd...]
        if key.isEmpty { return true }
        key = key.dropFirst() // the '/' after the bucket
        if key.last == UInt8(ascii: "/") { key = key.dropLast() }
        if key.isEmpty { return true }
        let allowed = Set("-!_*'().".utf8)
        for segment in key.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment.allSatisfy({ isAlnum($0) || allowed.contains($0) }) else { return false }
        }
        return true
    }

    /// Whether each record is a Converse request rather than the model's native body.
    var isConverse: Bool { modelInvocationType == "Converse" }

    /// The bare 12-character id from a job ARN or id; nil when it matches neither form.
    static func jobId(fromIdentifier identifier: String) -> String? {
        var id = Substring(identifier)
        if id.hasPrefix("arn:") {
            guard id.contains(":model-invocation-job/"), let slash = id.lastIndex(of: "/") else { return nil }
            id = id[id.index(after: slash)...]
        }
        guard id.utf8.count == 12,
              id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }) else { return nil }
        return String(id)
    }
}
