import Foundation

/// Chooses the endpoint of each service: an override for that service, else one override for all,
/// else the standard AWS host `https://{service}.{region}.{dnsSuffix}`.
///
/// ```swift
/// // Everything at a local emulator:
/// let endpoints = AWSEndpointResolver(all: "http://127.0.0.1:4566")
/// // Only S3 at MinIO:
/// let endpoints = AWSEndpointResolver(overrides: ["s3": "http://127.0.0.1:9000"])
/// ```
public struct AWSEndpointResolver: Sendable {
    /// Service (endpoint prefix: `s3`, `bedrock`, `bedrock-runtime`, `sts`) → endpoint URL.
    public var overrides: [String: String]
    /// One endpoint URL for every service without its own override.
    public var all: String?

    /// Creates a resolver; with no arguments it gives the standard AWS endpoints.
    public init(overrides: [String: String] = [:], all: String? = nil) {
        self.overrides = overrides
        self.all = all
    }

    /// The overrides the AWS SDKs read from the environment: `AWS_ENDPOINT_URL_<SERVICE>` (service id
    /// uppercased, `-` and spaces as `_`, e.g. `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`) and `AWS_ENDPOINT_URL`.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns them off.
    public init(environment: AWSEnvironment) {
        self.init()
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return }
        all = environment["AWS_ENDPOINT_URL"]
        for service in ["s3", "bedrock", "bedrock-runtime", "sts"] {
            let name = "AWS_ENDPOINT_URL_" + service.uppercased().replacingOccurrences(of: "-", with: "_")
            if let url = environment[name] { overrides[service] = url }
        }
    }

    /// Whether `service` goes to a custom endpoint rather than AWS's own.
    public func isCustom(service: String) -> Bool { overrides[service] != nil || all != nil }

    /// The endpoint of `service` in `region`.
    public func endpoint(service: String, region: String) throws -> AWSEndpoint {
        if let url = overrides[service] ?? all { return try AWSEndpoint(parsing: url) }
        guard !region.isEmpty, region.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw AWSError(kind: .configuration, code: "InvalidRegion",
                           message: "'\(region)' is not an AWS region name such as us-east-1; set AWS_REGION or pass the region explicitly")
        }
        return AWSEndpoint(scheme: "https", host: "\(service).\(region).\(Self.dnsSuffix(region: region))")
    }

    /// `amazonaws.com.cn` for China regions, `amazonaws.com` otherwise (including GovCloud).
    static func dnsSuffix(region: String) -> String {
        region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }
}
