public import Foundation

/// The settings AWS tools read from the process: environment variables and the home folder that
/// holds `~/.aws/config` and `~/.aws/credentials`. Injected, so tests never read the real ones.
public struct AWSEnvironment: Sendable {
    /// The environment variables.
    public var variables: [String: String]

    /// Creates an environment from explicit variables (tests; a service that reads its settings elsewhere).
    public init(variables: [String: String]) {
        self.variables = variables
    }

    /// The current process's environment.
    public static var process: AWSEnvironment { AWSEnvironment(variables: ProcessInfo.processInfo.environment) }

    /// The variable's value, or `nil` when it is unset or empty (AWS tools treat both alike).
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// The home folder (`HOME`, else `USERPROFILE`).
    var home: String? { self["HOME"] ?? self["USERPROFILE"] }

    /// `path` with a leading `~` replaced by the home folder.
    func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home else { return path }
        return home + path.dropFirst()
    }

    /// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    var sharedCredentialsFile: String? {
        if let path = self["AWS_SHARED_CREDENTIALS_FILE"] { return expandingHome(path) }
        return home.map { $0 + "/.aws/credentials" }
    }

    /// The shared config file: `AWS_CONFIG_FILE` or `~/.aws/config`.
    var configFile: String? {
        if let path = self["AWS_CONFIG_FILE"] { return expandingHome(path) }
        return home.map { $0 + "/.aws/config" }
    }

    /// The profile in use: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
    var profileName: String { self["AWS_PROFILE"] ?? self["AWS_DEFAULT_PROFILE"] ?? "default" }

    /// Whether a profile was chosen explicitly (a missing explicit profile is an error, not a fall-through).
    var profileIsExplicit: Bool { self["AWS_PROFILE"] != nil || self["AWS_DEFAULT_PROFILE"] != nil }
}
