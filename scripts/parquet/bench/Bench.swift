// Throughput benchmark for the Parquet target (build with build.sh, release mode).
// Usage: parquet-bench FILE
#if canImport(Glibc)
import Glibc
#endif

/// Process CPU time (user + system), so numbers are meaningful on a shared machine;
/// set PARQUET_BENCH_WALL=1 for wall-clock time.
func now() -> Double {
    var ts = timespec()
    let wall = getenv("PARQUET_BENCH_WALL") != nil
    clock_gettime(wall ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@main
struct Bench {
    static func main() throws {
        let path = CommandLine.arguments[1]
        let mode = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "all"
        let reader = try ParquetFileReader(path: path)
        let fileSize = Double(reader.source.size)
        func chunkBytes(_ cols: [Int]) -> (compressed: Double, uncompressed: Double) {
            var c = 0.0, u = 0.0
            for g in reader.rowGroups { for i in cols { c += Double(g.columns[i].metaData?.totalCompressedSize ?? 0); u += Double(g.columns[i].metaData?.totalUncompressedSize ?? 0) } }
            return (c, u)
        }
        // One string column.
        let sourceIndex = reader.schema.columns.firstIndex { $0.dottedPath == "source" } ?? 1
        var t0 = now()
        var values = 0
        for g in reader.rowGroups.indices { values += try reader.readRowGroup(g, columnIndices: [sourceIndex]).columns[0].values.count }
        var dt = now() - t0
        var bytes = chunkBytes([sourceIndex])
        var dataBytes = 0.0
        for g in reader.rowGroups.indices {
            if case .byteArray(let b) = try reader.readRowGroup(g, columnIndices: [sourceIndex]).columns[0].values { dataBytes += Double(b.data.count) }
        }
        print("read 1 string column: \(values) values, \(Int(dt * 1000)) ms, stored \(Int(bytes.compressed / dt / 1e6)) MB/s, decoded \(Int(dataBytes / dt / 1e6)) MB/s")

        if mode == "read1" { return }
        t0 = now()
        for g in reader.rowGroups.indices { _ = try reader.readRowGroup(g) }
        dt = now() - t0
        bytes = chunkBytes(Array(reader.schema.columns.indices))
        print("read all columns: \(Int(dt * 1000)) ms, file \(Int(fileSize / dt / 1e6)) MB/s, uncompressed \(Int(bytes.uncompressed / dt / 1e6)) MB/s")

        if mode == "readall" { return }
        // Row view of one row group.
        t0 = now()
        let rows = try reader.readRowGroup(0).rows()
        dt = now() - t0
        print("rows() for row group 0: \(rows.count) rows in \(Int(dt * 1000)) ms")

        // Write: the same data back out, row by row.
        var all: [[ParquetValue]] = []
        for g in reader.rowGroups.indices { all += try reader.readRowGroup(g).rows() }
        let fields = [ParquetField("id", .int64), ParquetField("source", .string), ParquetField("target", .string),
                      ParquetField("task", .string), ParquetField("score", .double)]
        t0 = now()
        let w = try ParquetFileWriter(path: "/tmp/quarry-parquet-bench-out.parquet", fields: fields)
        try w.write(rows: all)
        try w.close()
        dt = now() - t0
        var rawBytes = 0.0
        for r in all { for v in r { if case .string(let s) = v { rawBytes += Double(s.utf8.count) } else { rawBytes += 8 } } }
        let outSize = Double(try FileSource(path: "/tmp/quarry-parquet-bench-out.parquet").size)
        print("write rows: \(Int(dt * 1000)) ms, raw values \(Int(rawBytes / dt / 1e6)) MB/s, file \(Int(outSize / dt / 1e6)) MB/s (\(Int(outSize / 1e6)) MB)")
    }
}
