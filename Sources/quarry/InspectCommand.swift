import ArgumentParser
import Foundation
import QuarryCore
import QuarryTable

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a dataset's schema, row count and first rows (CSV, JSONL).")

    @Argument(help: "The file to inspect.") var file: String
    @Option(name: .shortAndLong, help: "How many rows to show.") var rows = 5
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
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
        } catch {
            throw fail(error)
        }
    }
}
