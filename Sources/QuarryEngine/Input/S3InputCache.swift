import Foundation
import QuarryCore

/// The local copies of S3 input objects, under the state folder:
///
/// ```
/// <state>/inputs/s3/
///   objects/<h>.<ext>          one object (h = sha256 of bucket/key); Parquet: a sparse file of the object's size
///   objects/<h>.<ext>.partial  a CSV/JSONL download in progress
///   objects/<h>.json           its record: key, size, ETag, complete, present byte ranges, checkpoint
///   tables/<u>/00000000.<ext>  for a prefix or glob: links to the objects in key order (u = sha256 of the location)
///   cache.lock                 held while fetching
/// ```
///
/// A record is written (temp + fsync + rename) only after the bytes it vouches for are on disk
/// (`fsync`), so after a crash a record never claims data that is not there; at worst a range is
/// fetched again. A record whose ETag or size differs from the object's is discarded with its data.
struct S3InputCache {
    let root: String

    /// The cache of a state folder (made absolute: table folders hold links to the objects by path).
    init(stateDirectory: String) { root = URL(fileURLWithPath: stateDirectory).standardizedFileURL.path + "/inputs/s3" }

    var objectsFolder: String { root + "/objects" }

    /// What is known about one cached object.
    struct Record: Codable, Equatable {
        var bucket: String
        var key: String
        var size: Int
        var eTag: String
        /// CSV/JSONL: the whole object is in the data file.
        var complete: Bool = false
        /// Parquet: the byte ranges present in the sparse data file.
        var present: ByteRanges = ByteRanges()
        /// CSV/JSONL: bytes of the `.partial` file known to be on disk (a resumed download starts there).
        var checkpoint: Int = 0
    }

    /// The data file of an object (its extension names the format).
    func dataPath(bucket: String, key: String) -> String {
        let h = Hashing.sha256Hex(Array("\(bucket)/\(key)".utf8)).prefix(32)
        let ext = S3InputRef.format(ofKey: key) ?? "bin"
        return "\(objectsFolder)/\(h).\(ext)"
    }

    func recordPath(dataPath: String) -> String {
        (dataPath as NSString).deletingPathExtension + ".json"
    }

    /// The folder a prefix or glob input is read from.
    func tableFolder(uri: String) -> String {
        root + "/tables/" + Hashing.sha256Hex(Array(uri.utf8)).prefix(16)
    }

    /// The name of the `index`-th object's link in a table folder (name order = key order).
    static func entryName(index: Int, key: String) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + "." + (S3InputRef.format(ofKey: key) ?? "bin")
    }

    func readRecord(dataPath: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: recordPath(dataPath: dataPath)) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }

    func writeRecord(_ record: Record, dataPath: String) throws(QuarryError) {
        let data: Data
        do { data = try JSONEncoder().encode(record) } catch {
            throw QuarryError(.state, "cannot encode the cache record of \(record.key)")
        }
        try AtomicFile.write(Array(data), to: recordPath(dataPath: dataPath))
    }

    /// Makes `folder` hold exactly links named ``entryName(index:key:)`` to `targets`, in order.
    func linkTable(folder: String, targets: [(key: String, path: String)]) throws(QuarryError) {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw QuarryError(.state, "cannot create \(folder): \(error.localizedDescription)", hint: "check the state folder's permissions")
        }
        var wanted: [String: String] = [:]
        for (i, t) in targets.enumerated() { wanted[Self.entryName(index: i, key: t.key)] = t.path }
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = folder + "/" + name
            if let target = wanted[name], (try? fm.destinationOfSymbolicLink(atPath: path)) == target {
                wanted[name] = nil
            } else {
                try? fm.removeItem(atPath: path)
            }
        }
        for (name, target) in wanted {
            do { try fm.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: target) } catch {
                throw QuarryError(.state, "cannot link \(target) into \(folder): \(error.localizedDescription)")
            }
        }
    }
}

/// An exclusive lock on the S3 input cache while a process fetches into it (waits, without holding
/// a thread, for another process to finish).
final class S3InputCacheLock {
    private let fd: Int32

    static func acquire(_ cache: S3InputCache) async throws(QuarryError) -> S3InputCacheLock {
        do { try FileManager.default.createDirectory(atPath: cache.objectsFolder, withIntermediateDirectories: true) } catch {
            throw QuarryError(.state, "cannot create the input cache \(cache.root): \(error.localizedDescription)",
                              hint: "choose a writable state folder with --state")
        }
        let path = cache.root + "/cache.lock"
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw QuarryError(.state, "cannot open \(path) (errno \(errno))") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            do { try await Task.sleep(for: .milliseconds(100)) } catch {
                close(fd)
                throw QuarryError(.cancelled, "stopped while waiting for another quarry process to finish fetching into \(cache.root)")
            }
        }
        return S3InputCacheLock(fd: fd)
    }

    private init(fd: Int32) { self.fd = fd }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
