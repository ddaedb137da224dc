#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder read as one table: its table files (hidden files skipped) in name order, all of one
/// format. A folder of `.parquet` files is read by ``ParquetFolderSource``, a folder of `.csv` or
/// `.jsonl`/`.ndjson` files by ``FolderSource``.
enum TableFolder {
    /// The format of the folder's table files; `.parquet` when it holds none (that reader says so).
    static func format(of folder: String) throws(TableError) -> TableFormat {
        var counts: [TableFormat: Int] = [:]
        var example: [TableFormat: String] = [:]
        for name in try names(in: folder) {
            guard let format = TableFormat(path: name) else { continue }
            counts[format, default: 0] += 1
            if example[format] == nil { example[format] = name }
        }
        guard counts.count > 1 else { return counts.keys.first ?? .parquet }
        let found = TableFormat.allCases.compactMap { f in counts[f].map { "\($0) .\(f.rawValue) (\(example[f]!))" } }
        throw TableError(.unsupportedFormat, file: folder, reason: "the folder holds files of several formats: \(found.joined(separator: ", "))",
                         hint: "a folder is read as one table of one format; move the other files away")
    }

    /// The folder's files of `format`, as full paths in name (byte) order.
    static func files(in folder: String, format: TableFormat) throws(TableError) -> [String] {
        let names = try names(in: folder).filter { TableFormat(path: $0) == format }
        guard !names.isEmpty else {
            throw TableError(.unsupportedFormat, file: folder, reason: "the folder holds no .\(format.rawValue) files",
                             hint: "a folder input is read as one table of its files; give a file path otherwise")
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { base + $0 }
    }

    /// The names of the folder's entries, hidden ones skipped.
    private static func names(in folder: String) throws(TableError) -> [String] {
        guard let dir = opendir(folder) else {
            let e = errno
            if e == ENOENT { throw TableError(.fileNotFound, file: folder, reason: "no such folder", hint: "check the path") }
            throw TableError(.unreadable, file: folder, reason: "cannot list the folder: \(String(cString: strerror(e)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names
    }
}
