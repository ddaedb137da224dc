import Foundation

/// The profiles of `~/.aws/config` and `~/.aws/credentials`, merged: per profile, a key from the
/// credentials file wins over the same key in the config file.
///
/// Format: `[default]`, `[profile name]` (config) or `[name]` (credentials); `key = value` lines;
/// `#` and `;` start comment lines (and inline comments after whitespace); indented lines continue
/// a nested section (`s3 =`) and are ignored. Keys are case-insensitive.
struct ProfileFile: Sendable, Equatable {
    /// Profile name → key (lowercased) → value.
    var profiles: [String: [String: String]] = [:]

    /// Loads and merges the two files named by `environment`; missing files count as empty.
    static func load(_ environment: AWSEnvironment) throws -> ProfileFile {
        var result = ProfileFile()
        if let path = environment.configFile, let text = try read(path) {
            result.merge(parse(text, isConfigFile: true))
        }
        if let path = environment.sharedCredentialsFile, let text = try read(path) {
            result.merge(parse(text, isConfigFile: false))
        }
        return result
    }

    private static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AWSError(kind: .configuration, code: "UnreadableProfileFile",
                           message: "Could not read the AWS profile file \(path); check its permissions", underlying: error)
        }
    }

    mutating func merge(_ other: ProfileFile) {
        for (name, values) in other.profiles {
            profiles[name, default: [:]].merge(values) { _, new in new }
        }
    }

    /// Parses one file.
    static func parse(_ text: String, isConfigFile: Bool) -> ProfileFile {
        var file = ProfileFile()
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                current = nil
                guard let close = line.firstIndex(of: "]") else { continue }
                let header = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if isConfigFile {
                    if header == "default" {
                        current = "default"
                    } else if header.hasPrefix("profile ") || header.hasPrefix("profile\t") {
                        current = header.dropFirst("profile".count).trimmingCharacters(in: .whitespaces)
                    }
                } else {
                    current = header
                }
                if let current { file.profiles[current, default: [:]] = file.profiles[current] ?? [:] }
                continue
            }
            guard let profile = current else { continue }
            if rawLine.first == " " || rawLine.first == "\t" {
                // A nested property (`s3 =` followed by indented lines): not a top-level key.
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = String(line[line.index(after: equals)...])
            for marker in [" #", " ;", "\t#", "\t;"] {
                if let range = value.range(of: marker) { value = String(value[..<range.lowerBound]) }
            }
            value = value.trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            file.profiles[profile, default: [:]][key] = value
        }
        return file
    }
}
