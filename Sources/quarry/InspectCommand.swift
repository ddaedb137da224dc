import ArgumentParser
import Foundation
import Logging
import Parquet
import QuarryCore
import QuarryEngine
import QuarryHub
import QuarryTable

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a dataset's schema, row count and first rows (Parquet, CSV, JSONL); for Parquet also its row groups and codecs.")

    @Argument(help: "The file to inspect (a folder of .parquet files, s3://bucket/file.csv, an S3 folder or glob as in a spec's input, or hf://datasets/owner/name[@revision][/config/split]).")
    var file: String
    @Option(name: .shortAndLong, help: "How many rows to show.") var rows = 5
    @Option(help: "State folder whose input cache an s3:// dataset is fetched into, for later runs to reuse (default: ./.quarry).")
    var state: String?
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
            guard file.hasPrefix("s3://") else { return try inspect.show() }
            let spec = try await fetchS3()
            inspect.file = spec.input
            do { try inspect.show(label: file) } catch let error as QuarryError {
                throw S3Input.presentable(error, spec: spec)
            }
        } catch {
            throw fail(error)
        }
    }

    /// Brings the S3 dataset into the state folder's input cache (what is already there is not
    /// fetched again, and a later run of the same input reuses it); returns a spec whose `input` is
    /// the local copy. Reached as a run reaches it: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION
    /// and the standard credential chain.
    func fetchS3() async throws -> RunSpec {
        let ref: S3InputRef
        switch S3InputRef.parse(file) {
        case .success(let parsed): ref = parsed
        case .failure(let error): throw QuarryError(.invalidInput, error.message, hint: error.hint)
        }
        var spec = RunSpec(name: "inspect", input: ref.uri, model: "", template: "", output: "",
                           specDirectory: FileManager.default.currentDirectoryPath)
        spec.s3 = ref
        let folder = stateDirectory(state, spec: nil)
        FileHandle.standardError.write(Data("quarry: reading \(ref.uri) into the input cache under \(folder)\n".utf8))
        return try await S3Input.prepare(spec, phase: .assemble, stateDirectory: folder, logger: Logger(label: "quarry")).spec
    }

    /// Prints the dataset at `file`, named `label` when that is a local copy of it.
    func show(label: String? = nil) throws {
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
                w.key("file"); w.string(label ?? file)
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
            print("\(label ?? file): \(try Table.format(of: file)), \(Format.number(scan.rowCount)) rows, \(Format.bytes(scan.bytes))")
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
