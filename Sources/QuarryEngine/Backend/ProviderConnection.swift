import Foundation
import Logging
public import QuarryAWS
public import QuarryCore

/// What a run talks to: the provider's batch backend, the object store its jobs read from and write
/// to, and how to release them (the AWS connection pool) at the end.
public struct ProviderConnection: Sendable {
    /// The batch backend.
    public var backend: any BatchBackend
    /// Where shards are staged and outputs are read.
    public var objects: any ObjectStore
    /// The S3 and Bedrock clients, for `provider: bedrock`.
    public var aws: AWSClients?
    private let close: @Sendable () async -> Void

    /// The AWS clients of a Bedrock connection.
    public struct AWSClients: Sendable {
        public var http: AWSHTTPClient
        public var credentials: any AWSCredentialProvider
        public var region: String
        public var s3: S3Client
        public var bedrock: BedrockClient
        public var runtime: BedrockRuntimeClient
    }

    init(backend: any BatchBackend, objects: any ObjectStore, aws: AWSClients? = nil, close: @escaping @Sendable () async -> Void = {}) {
        self.backend = backend
        self.objects = objects
        self.aws = aws
        self.close = close
    }

    /// Releases connections; call once, after the last use.
    public func shutdown() async { await close() }

    /// Opens the provider a spec names (`emulator`: in process; `bedrock`: AWS or an endpoint given in the spec).
    public static func open(spec: RunSpec, environment env: EngineEnvironment) async throws(QuarryError) -> ProviderConnection {
        let local = LocalObjectStore(root: RunPaths.objects(state: env.stateDirectory))
        if let make = env.makeBackend { return ProviderConnection(backend: try make(spec, env.stateDirectory), objects: local) }
        switch spec.provider {
        case "emulator":
            return ProviderConnection(backend: try EmulatorBackend(spec: spec, stateDirectory: env.stateDirectory), objects: local)
        case "bedrock":
            guard let options = spec.bedrock else {
                throw QuarryError(.invalidSpec, "provider: bedrock needs a `bedrock:` block", hint: "see the spec reference in the README")
            }
            return try await openBedrock(spec: spec, options: options, environment: env)
        default:
            throw QuarryError(.unsupported, "provider `\(spec.provider)` is not available", hint: "use provider: emulator or provider: bedrock")
        }
    }

    static func openBedrock(spec: RunSpec, options: BedrockOptions, environment env: EngineEnvironment) async throws(QuarryError) -> ProviderConnection {
        let process = AWSEnvironment.process
        guard let region = AWSDefaults.region(explicit: options.region, environment: process, profile: options.profile) else {
            throw QuarryError(.invalidSpec, "no AWS Region is set for provider: bedrock",
                              hint: "add `region: us-east-1` to the bedrock: block, or set AWS_REGION")
        }
        var endpoints = AWSEndpointResolver(environment: process)
        if let all = options.endpoint { endpoints.all = all; endpoints.overrides = [:] }
        for (service, url) in options.endpoints { endpoints.overrides[service] = url }

        var logger = env.logger
        logger[metadataKey: "aws.region"] = "\(region)"
        let http = AWSHTTPClient(logger: logger)
        let credentials: any AWSCredentialProvider
        if let profile = options.profile {
            // An explicit profile wins over credentials in the environment, as in the AWS CLI.
            credentials = CachingCredentialProvider(CredentialProviderChain([ProfileCredentialProvider(profile: profile, http: http, environment: process)]))
        } else {
            credentials = AWSDefaults.credentialChain(http: http, environment: process)
        }
        do {
            let s3 = try S3Client(http: http, credentials: credentials, region: region, endpoints: endpoints,
                                  configuration: .init(signsPayload: false, partSize: 16 << 20, maxConcurrentParts: 4))
            let bedrock = try BedrockClient(http: http, credentials: credentials, region: region, endpoints: endpoints)
            let runtime = try BedrockRuntimeClient(http: http, credentials: credentials, region: region, endpoints: endpoints)
            let backend = BedrockBackend(bedrock: bedrock, runtime: runtime, options: options, runName: spec.name)
            let clients = AWSClients(http: http, credentials: credentials, region: region, s3: s3, bedrock: bedrock, runtime: runtime)
            return ProviderConnection(backend: backend, objects: S3ObjectStore(s3: s3, bucket: options.bucket, prefix: options.prefix),
                                      aws: clients, close: { try? await http.shutdown() })
        } catch {
            try? await http.shutdown()
            throw QuarryError(.invalidSpec, "cannot reach Bedrock: \((error as? AWSError)?.message ?? "\(error)")",
                              hint: "check bedrock.endpoint / bedrock.endpoints and bedrock.region")
        }
    }
}
