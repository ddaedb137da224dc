public import AWSSigning
import Foundation

/// Credentials from a profile of the shared files `~/.aws/credentials` and `~/.aws/config`
/// (`AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`, `AWS_PROFILE`).
///
/// A profile gives, in this order of precedence:
/// - `role_arn` with `source_profile` (another profile, resolved recursively), `credential_source`
///   (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`) or `web_identity_token_file`: the role is
///   assumed at STS (`role_session_name`, `external_id`, `duration_seconds`);
/// - `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`);
/// - `credential_process`: a command that prints the credentials as JSON.
///
/// The files are read on each call; wrap in ``CachingCredentialProvider`` (the standard chain does).
public struct ProfileCredentialProvider: AWSCredentialProvider {
    let profile: String?
    let environment: AWSEnvironment
    let http: AWSHTTPClient

    /// Uses `profile`, or `AWS_PROFILE` / `default` when `nil`.
    public init(profile: String? = nil, http: AWSHTTPClient, environment: AWSEnvironment = .process) {
        self.profile = profile
        self.environment = environment
        self.http = http
    }

    /// Resolves the profile and asks the provider it describes.
    public func credentials() async throws -> AWSCredentials {
        let files = try ProfileFile.load(environment)
        let name = profile ?? environment.profileName
        guard files.profiles[name] != nil else {
            if profile != nil || environment.profileIsExplicit {
                throw AWSError(kind: .configuration, code: "ProfileNotFound",
                               message: "The AWS profile '\(name)' is not in \(environment.configFile ?? "~/.aws/config") or \(environment.sharedCredentialsFile ?? "~/.aws/credentials"); check AWS_PROFILE")
            }
            throw AWSError.notConfigured("No [default] profile in the shared AWS files")
        }
        let provider = try resolve(name, files: files, visited: [])
        return try await provider.credentials()
    }

    /// The provider a profile describes.
    func resolve(_ name: String, files: ProfileFile, visited: [String]) throws -> any AWSCredentialProvider {
        guard let values = files.profiles[name] else {
            throw AWSError(kind: .configuration, code: "ProfileNotFound",
                           message: "The profile '\(visited.last ?? name)' names source_profile '\(name)', which does not exist")
        }
        guard !visited.contains(name) else {
            throw AWSError(kind: .configuration, code: "ProfileCycle",
                           message: "The profiles \((visited + [name]).joined(separator: " → ")) form a source_profile cycle")
        }
        let region = values["region"]
        if let roleArn = values["role_arn"] {
            let source: any AWSCredentialProvider
            if let sourceProfile = values["source_profile"] {
                if sourceProfile == name, let own = Self.staticCredentials(values) {
                    source = StaticCredentialProvider(own)
                } else {
                    source = try resolve(sourceProfile, files: files, visited: visited + [name])
                }
            } else if let credentialSource = values["credential_source"] {
                switch credentialSource {
                case "Environment": source = EnvironmentCredentialProvider(environment: environment)
                case "Ec2InstanceMetadata": source = InstanceMetadataCredentialProvider(http: http, environment: environment)
                case "EcsContainer": source = ContainerCredentialProvider(http: http, environment: environment)
                default:
                    throw AWSError(kind: .configuration, code: "InvalidCredentialSource",
                                   message: "Profile '\(name)': credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, not '\(credentialSource)'")
                }
            } else if let tokenFile = values["web_identity_token_file"] {
                return WebIdentityCredentialProvider(tokenFile: tokenFile, roleArn: roleArn, sessionName: values["role_session_name"],
                                                     http: http, environment: environment, region: region)
            } else {
                throw AWSError(kind: .configuration, code: "IncompleteProfile",
                               message: "Profile '\(name)' has role_arn but no source_profile, credential_source or web_identity_token_file")
            }
            var duration: Int?
            if let text = values["duration_seconds"] {
                guard let value = Int(text), (900...43_200).contains(value) else {
                    throw AWSError(kind: .configuration, code: "InvalidDuration",
                                   message: "Profile '\(name)': duration_seconds must be a whole number from 900 to 43200")
                }
                duration = value
            }
            return try AssumeRoleCredentialProvider(roleArn: roleArn, source: source, http: http,
                                                    sessionName: values["role_session_name"], externalId: values["external_id"],
                                                    durationSeconds: duration, region: region, environment: environment)
        }
        if let credentials = Self.staticCredentials(values) { return StaticCredentialProvider(credentials) }
        if values["aws_access_key_id"] != nil {
            throw AWSError(kind: .configuration, code: "IncompleteProfile",
                           message: "Profile '\(name)' has aws_access_key_id but no aws_secret_access_key")
        }
        if let command = values["credential_process"] { return ProcessCredentialProvider(command: command) }
        if visited.isEmpty {
            throw AWSError.notConfigured("Profile '\(name)' has no credentials")
        }
        throw AWSError(kind: .configuration, code: "IncompleteProfile",
                       message: "Profile '\(name)' (the source_profile of '\(visited.last ?? "")') has no credentials")
    }

    static func staticCredentials(_ values: [String: String]) -> AWSCredentials? {
        guard let accessKey = values["aws_access_key_id"], !accessKey.isEmpty,
              let secret = values["aws_secret_access_key"], !secret.isEmpty else { return nil }
        let token = values["aws_session_token"] ?? values["aws_security_token"]
        return AWSCredentials(accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token?.isEmpty == true ? nil : token)
    }
}
