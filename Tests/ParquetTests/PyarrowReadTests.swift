import Foundation
import Parquet
import Testing

/// Files written by pyarrow with every option the reader supports, compared value by value.
@Suite("Reading pyarrow-written files")
struct PyarrowReadTests {
    @Test("every pyarrow case reads back exactly")
    func readsEveryCase() throws {
        let dir = try PythonOracle.temporaryDirectory("fixtures")
        defer { try? FileManager.default.removeItem(at: dir) }
        try PythonOracle.run("gen_fixtures.py", [dir.path])
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("index.json"))) as! [String]
        #expect(index.count >= 30)
        for name in index {
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name + ".json"))) as! [String: Any]
            let columns = expected["columns"] as! [String]
            let values = expected["values"] as! [Any]
            let reader = try ParquetFileReader(path: dir.appendingPathComponent(name + ".parquet").path)
            #expect(reader.rowCount == Int64(expected["num_rows"] as! Int), "\(name)")
            #expect(reader.schema.fields.map(\.name) == columns, "\(name)")
            var actual: [[Any]] = Array(repeating: [], count: columns.count)
            for g in reader.rowGroups.indices {
                let group = try reader.readRowGroup(g)
                let cols = try group.fieldValues()
                for (i, c) in cols.enumerated() { actual[i] += c.map(Canonical.value) }
            }
            for (i, column) in columns.enumerated() {
                let diff = Canonical.difference(actual[i], values[i], path: "\(name).\(column)")
                #expect(diff == nil, "\(diff ?? "")")
            }
        }
    }

    @Test("projection reads only the requested columns and matches a full read")
    func projection() throws {
        let dir = try PythonOracle.temporaryDirectory("projection")
        defer { try? FileManager.default.removeItem(at: dir) }
        try PythonOracle.run("gen_fixtures.py", [dir.path])
        let reader = try ParquetFileReader(path: dir.appendingPathComponent("base_snappy_dict_v1.parquet").path)
        let full = try reader.readRowGroup(0)
        let some = try reader.readRowGroup(0, columns: ["s", "st", "vec.list.element"])
        #expect(some.columns.map(\.descriptor.dottedPath) == ["s", "vec.list.element", "st.a", "st.b", "st.c.list.element", "st.inner.x"])
        #expect(some.fields.map(\.name) == ["s", "vec", "st"])
        let fullValues = try full.fieldValues()
        let someValues = try some.fieldValues()
        let names = full.fields.map(\.name)
        for (i, f) in some.fields.enumerated() {
            let j = names.firstIndex(of: f.name)!
            #expect(someValues[i] == fullValues[j])
        }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, columns: ["nope"]) }
    }
}
