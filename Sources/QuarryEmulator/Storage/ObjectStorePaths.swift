import Foundation
import QuarryCore

/// Maps `s3://bucket/key` to `<storageRoot>/bucket/key`, the layout Quarry's local object store uses.
struct ObjectStorePaths: Sendable {
    let root: String

    /// The local path of an object or prefix; nil when the key would leave the bucket folder.
    func path(_ uri: S3URI) -> String? {
        let segments = uri.key.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return nil }
        var p = root + "/" + uri.bucket
        if !segments.isEmpty { p += "/" + segments.joined(separator: "/") }
        return p
    }

    /// The `.jsonl` objects a job's `s3Uri` names: the object itself, or every `.jsonl` object under
    /// the prefix (recursively, sorted, hidden names skipped). Throws Bedrock-style validation errors.
    func inputFiles(for uriText: String) throws(EmulatorError) -> [StoredJob.InputFile] {
        guard let uri = S3URI(uriText), let path = path(uri) else {
            throw .validation("The provided input S3 URI \(uriText) is not valid.")
        }
        if !uri.key.isEmpty, !uri.key.hasSuffix("/"), FileSystem.isRegularFile(path) {
            guard uri.key.hasSuffix(".jsonl") else {
                throw .validation("The input file \(uriText) is not a JSONL file. Input files must have the .jsonl extension.")
            }
            return [StoredJob.InputFile(key: normalizedKey(uri.key), outputName: uri.lastComponent + ".out")]
        }
        guard FileSystem.isDirectory(path) else {
            throw .validation("The provided input S3 URI \(uriText) does not exist: no object or prefix with that name was found.")
        }
        let subpaths = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        let prefixKey = normalizedKey(uri.key)
        let files = subpaths.filter { sub in
            sub.hasSuffix(".jsonl") && !sub.split(separator: "/").contains(where: { $0.hasPrefix(".") })
                && FileSystem.isRegularFile(path + "/" + sub)
        }.sorted()
        guard !files.isEmpty else {
            throw .validation("No JSONL files were found under the input S3 URI \(uriText). "
                + "Put one or more .jsonl files under that prefix.")
        }
        return files.map { sub in
            StoredJob.InputFile(key: prefixKey.isEmpty ? sub : prefixKey + "/" + sub, outputName: sub + ".out")
        }
    }

    /// A key without leading, trailing or doubled slashes.
    func normalizedKey(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    /// `<storageRoot>/<out bucket>/<out prefix>/<jobId>`.
    func outputDirectory(outputS3Uri: String, jobId: String) -> String? {
        guard let uri = S3URI(outputS3Uri), let base = path(uri) else { return nil }
        return base + "/" + jobId
    }
}
