import Foundation
import QuarryTable

/// A fresh folder under the system temporary folder, removed by `cleanup()`.
struct TempFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "quarry-table-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + name
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    /// The names of the files in the folder, sorted.
    var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Contents of a file as text.
func readText(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
}

/// Every row of a source as projected cell texts (nil = null), in order; also the batches' first
/// row indexes and line numbers.
struct Drained {
    var rows: [[String?]] = []
    var kinds: [[CellKind]] = []
    var firstRowIndexes: [Int] = []
    var lineNumbers: [Int] = []
    var batchSizes: [Int] = []
}

func drain(_ source: any RowSource) throws -> Drained {
    var d = Drained()
    while let batch = try source.nextBatch() {
        d.firstRowIndexes.append(batch.firstRowIndex)
        d.batchSizes.append(batch.rowCount)
        d.lineNumbers += batch.lineNumbers
        let projected = batch.columns.indices.filter { batch.isProjected($0) }
        for r in 0..<batch.rowCount {
            d.rows.append(projected.map { batch.columns[$0].text(r) })
            d.kinds.append(projected.map { batch.columns[$0].kind(r) })
        }
    }
    return d
}

/// Reads every row of `path`.
func readAll(_ path: String, projection: Set<String>? = nil, batchRows: Int = 4096, chunk: Int = 1 << 20) throws -> Drained {
    try drain(Table.openSource(path: path, projection: projection, batchRows: batchRows, readChunkBytes: chunk))
}

/// The error thrown by `body`, if it is a TableError.
func tableError(_ body: () throws -> Void) -> TableError? {
    do {
        try body()
        return nil
    } catch let error as TableError {
        return error
    } catch {
        return nil
    }
}
