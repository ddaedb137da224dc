import Logging
import QuarryAWS
import QuarryCore

/// The S3 client an input is read with, made on first use (a fully cached input needs none).
///
/// With `provider: bedrock` the `bedrock:` block's region, profile and endpoints apply (the same
/// account that runs the jobs reads the input); otherwise the standard AWS environment: `AWS_REGION`
/// / `AWS_DEFAULT_REGION` (else the profile's, else us-east-1), `AWS_PROFILE`, the credential chain,
/// and `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`.
final class S3InputConnection: @unchecked Sendable {
    private let spec: RunSpec
    private let environment: AWSEnvironment
    private let configuration: S3Input.Configuration
    private let logger: Logger
    private var opened: (http: AWSHTTPClient, s3: S3Client)?

    init(spec: RunSpec, environment: AWSEnvironment, configuration: S3Input.Configuration, logger: Logger) {
        self.spec = spec
        self.environment = environment
        self.configuration = configuration
        self.logger = logger
    }

    /// The client (created on the first call; used from one task at a time).
    func client() async throws(QuarryError) -> S3Client {
        if let opened { return opened.s3 }
        let options = spec.provider == "bedrock" ? spec.bedrock : nil
        let profile = options?.profile
        let region = AWSDefaults.region(explicit: options?.region, environment: environment, profile: profile) ?? "us-east-1"
        var endpoints = AWSEndpointResolver(environment: environment)
        if let all = options?.endpoint { endpoints.all = all; endpoints.overrides = [:] }
        for (service, url) in options?.endpoints ?? [:] { endpoints.overrides[service] = url }
        var logger = self.logger
        logger[metadataKey: "aws.region"] = "\(region)"
        var httpConfiguration = AWSHTTPClient.Configuration()
        if let retry = configuration.retry { httpConfiguration.retry = retry }
        if let timeout = configuration.requestTimeout { httpConfiguration.timeout = timeout }
        let http = AWSHTTPClient(configuration: httpConfiguration, logger: logger)
        let credentials: any AWSCredentialProvider
        if let profile {
            credentials = CachingCredentialProvider(CredentialProviderChain([ProfileCredentialProvider(profile: profile, http: http, environment: environment)]))
        } else {
            credentials = AWSDefaults.credentialChain(http: http, environment: environment)
        }
        do {
            let s3 = try S3Client(http: http, credentials: credentials, region: region, endpoints: endpoints,
                                  configuration: .init(signsPayload: false))
            opened = (http, s3)
            return s3
        } catch {
            try? await http.shutdown()
            throw QuarryError(.invalidSpec, "cannot set up S3 to read the input: \((error as? AWSError)?.message ?? "\(error)")",
                              hint: "check AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (or bedrock.endpoint) and the Region")
        }
    }

    /// Releases the connection pool, if one was opened.
    func shutdown() async {
        if let opened { try? await opened.http.shutdown() }
        opened = nil
    }
}
