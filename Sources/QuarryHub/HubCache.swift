import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One dataset's folder in the hub cache, in huggingface_hub's layout (so both tools share files):
///
///     <cache>/datasets--owner--name/
///         blobs/<etag>                   file contents, named by sha256 (LFS) or git blob sha1
///         blobs/<etag>.incomplete        a download in progress (resumed with a Range request)
///         refs/<revision>                the commit sha a branch pointed at when last fetched
///         snapshots/<sha>/<path>         relative symbolic links to the blobs
///         .quarry/<sha>/<config>/<split>.json   Quarry's record of a complete split (for offline runs)
///     <cache>/.locks/datasets--owner--name/<etag>.lock
struct HubCache: Sendable {
    let root: String
    let repo: String

    var folderName: String { "datasets--" + repo.replacingOccurrences(of: "/", with: "--") }
    var repoFolder: String { root + "/" + folderName }
    func blob(_ etag: String) -> String { repoFolder + "/blobs/" + etag }
    func ref(_ revision: String) -> String { repoFolder + "/refs/" + revision }
    func snapshot(_ sha: String) -> String { repoFolder + "/snapshots/" + sha }
    func manifest(sha: String, config: String, split: String) -> String { repoFolder + "/.quarry/\(sha)/\(config)/\(split).json" }
    func lock(_ etag: String) -> String { root + "/.locks/" + folderName + "/" + etag + ".lock" }

    /// What Quarry records about a split it has downloaded completely.
    struct Manifest: Codable, Sendable {
        var sha: String
        /// The split's folder in the snapshot (`default/train` or `default/partial-train`).
        var folder: String
        var partial: Bool
        var files: [HubFile]
    }

    func readRef(_ revision: String) -> String? {
        guard let data = FileManager.default.contents(atPath: ref(revision)) else { return nil }
        let sha = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return sha.isEmpty ? nil : sha
    }

    func writeRef(_ revision: String, sha: String) throws(HubError) {
        try writeAtomically(ref(revision), Data(sha.utf8))
    }

    func readManifest(sha: String, config: String, split: String) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: manifest(sha: sha, config: config, split: split)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    func writeManifest(_ m: Manifest, config: String, split: String) throws(HubError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(m) else { throw HubError(.cache, "cannot encode the cache manifest") }
        try writeAtomically(manifest(sha: m.sha, config: config, split: split), data)
    }

    /// Whether every file of `m` is in the blobs with its size, and linked from the snapshot.
    func isComplete(_ m: Manifest) -> Bool {
        m.files.allSatisfy { f in
            size(of: blob(f.etag)) == f.size && size(of: snapshot(m.sha) + "/" + f.path) == f.size
        }
    }

    /// Points `snapshots/<sha>/<path>` at the blob with a relative symbolic link (replacing what is there).
    func link(sha: String, path: String, etag: String) throws(HubError) {
        let target = snapshot(sha) + "/" + path
        let depth = path.split(separator: "/").count - 1
        let relative = String(repeating: "../", count: depth + 2) + "blobs/" + etag
        try makeFolder((target as NSString).deletingLastPathComponent)
        unlink(target)
        if symlink(relative, target) != 0 {
            // File systems without symbolic links get a copy.
            do { try FileManager.default.copyItem(atPath: blob(etag), toPath: target) } catch {
                throw HubError(.cache, "cannot link \(target) to its blob: \(String(cString: strerror(errno)))",
                               hint: "check that the cache folder \(root) is writable (HF_HOME, HF_HUB_CACHE)")
            }
        }
    }

    func makeFolder(_ path: String) throws(HubError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw HubError(.cache, "cannot create the cache folder \(path)", hint: "check that \(root) is writable, or point HF_HOME or HF_HUB_CACHE elsewhere")
        }
    }

    func writeAtomically(_ path: String, _ data: Data) throws(HubError) {
        try makeFolder((path as NSString).deletingLastPathComponent)
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temp, contents: data), rename(temp, path) == 0 else {
            unlink(temp)
            throw HubError(.cache, "cannot write \(path)", hint: "check that the cache folder \(root) is writable")
        }
    }

    /// The size of the file at `path` (following links), or nil.
    func size(of path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }
}
