/// The standard places AWS tools look for credentials and the region.
public enum AWSDefaults {
    /// The standard credential chain, cached (refreshed 5 minutes before expiry), in the AWS SDKs' order:
    /// 1. environment variables (``EnvironmentCredentialProvider``);
    /// 2. the shared profile files (``ProfileCredentialProvider``: keys, assumed roles, `credential_process`);
    /// 3. a web identity token (``WebIdentityCredentialProvider``);
    /// 4. the container endpoint (``ContainerCredentialProvider``);
    /// 5. instance metadata (``InstanceMetadataCredentialProvider``).
    public static func credentialChain(http: AWSHTTPClient, environment: AWSEnvironment = .process,
                                       profile: String? = nil) -> CachingCredentialProvider {
        CachingCredentialProvider(CredentialProviderChain([
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(profile: profile, http: http, environment: environment),
            WebIdentityCredentialProvider(http: http, environment: environment),
            ContainerCredentialProvider(http: http, environment: environment),
            InstanceMetadataCredentialProvider(http: http, environment: environment),
        ]), now: http.now)
    }

    /// The region: `explicit`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`
    /// (profile: `profile`, `AWS_PROFILE` or `default`). `nil` when none is set.
    public static func region(explicit: String? = nil, environment: AWSEnvironment = .process,
                              profile: String? = nil) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] { return region }
        guard let files = try? ProfileFile.load(environment) else { return nil }
        let value = files.profiles[profile ?? environment.profileName]?["region"]
        return value?.isEmpty == false ? value : nil
    }
}
