import ArgumentParser
import Foundation
import Logging
import Parquet
import QuarryCore
import QuarryHub
import QuarryTable

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a dataset's schema, row count and first rows (Parquet, CSV, JSONL); for Parquet also its row groups and codecs.")

    @Argument(help: "The file to inspect (a folder of .parquet files, or hf://datasets/owner/name[@revision][/config/split]).") var file: String
    @Option(name: .shortAndLong, help: "How many rows to show.") var rows = 5
    @Flag(name: .long, help: "Print JSON.") var json = false

    /// Row groups, per-column codecs, encodings and sizes, and the writer, from the Parquet footer.
    func printParquetLayout() throws {
        let reader = try ParquetFileReader(path: file)
        print("parquet schema:")
        for line in reader.summary.split(separator: "\n").dropFirst() { print("  " + line) }
        print("row groups: \(reader.rowGroups.count)")
        for (i, group) in reader.rowGroups.enumerated() {
            print("  [\(i)] \(Format.number(Int(group.numRows))) rows, \(Format.bytes(Int(group.totalByteSize))) uncompressed")
            for chunk in group.columns {
                guard let m = chunk.metaData else { continue }
                let encodings = m.encodings.map { "\($0)" }.joined(separator: ",")
                print("      \(m.pathInSchema.joined(separator: ".")): \(m.codec) [\(encodings)] \(Format.bytes(Int(m.totalCompressedSize))) compressed")
            }
        }
        if !reader.keyValueMetadata.isEmpty {
            print("key-value metadata: " + reader.keyValueMetadata.keys.sorted().joined(separator: ", "))
        }
    }

    func run() async throws {
        var inspect = self
        do {
            if let ref = HubInput.reference(file) {
                let snapshot = try await HubInput.fetch(ref, logger: Logger(label: "quarry")) { note in
                    FileHandle.standardError.write(Data(("quarry: " + note + "\n").utf8))
                }
                inspect.file = snapshot.folder
            }
            try inspect.show()
        } catch {
            throw fail(error)
        }
    }

    func show() throws {
        do {
            let scan = try Table.scan(path: file)
            let source = try Table.openSource(path: file, schema: scan.schema)
            var shown: [[String?]] = []
            while shown.count < rows, let batch = try source.nextBatch() {
                for r in 0..<batch.rowCount where shown.count < rows {
                    shown.append(batch.columns.map { $0.text(r) })
                }
            }
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.key("file"); w.string(file)
                w.key("format"); w.string("\(try Table.format(of: file))")
                w.key("rows"); w.int(scan.rowCount)
                w.key("bytes"); w.int(scan.bytes)
                w.key("columns"); w.beginArray()
                for c in scan.schema.columns {
                    w.element(); w.beginObject(); w.key("name"); w.string(c.name); w.key("type"); w.string(c.type.rawValue); w.endObject()
                }
                w.endArray()
                w.key("first_rows"); w.beginArray()
                for row in shown {
                    w.element(); w.beginObject()
                    for (c, v) in zip(scan.schema.columns, row) { w.key(c.name); if let v { w.string(v) } else { w.null() } }
                    w.endObject()
                }
                w.endArray()
                w.endObject()
                print(String(decoding: w.bytes, as: UTF8.self))
                return
            }
            print("\(file): \(try Table.format(of: file)), \(Format.number(scan.rowCount)) rows, \(Format.bytes(scan.bytes))")
            print("columns:")
            for c in scan.schema.columns { print("  \(c.name): \(c.type.rawValue)") }
            if try Table.format(of: file) == .parquet {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
                    let files = (try FileManager.default.contentsOfDirectory(atPath: file)).filter { $0.hasSuffix(".parquet") && !$0.hasPrefix(".") }.sorted()
                    print("files: \(files.joined(separator: ", "))")
                } else {
                    try printParquetLayout()
                }
            }
            if !shown.isEmpty {
                print("first \(shown.count) row(s):")
                for (i, row) in shown.enumerated() {
                    print("  [\(i)]")
                    for (c, v) in zip(scan.schema.columns, row) {
                        let text = v.map { $0.count > 120 ? String($0.prefix(117)) + "..." : $0 } ?? "null"
                        print("    \(c.name): \(text.replacingOccurrences(of: "\n", with: "\\n"))")
                    }
                }
            }
        }
    }
}
