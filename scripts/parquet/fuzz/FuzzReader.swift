// libFuzzer harness: parse any bytes as a Parquet file and read everything in it.
// Built by build.sh together with Sources/Parquet/*.swift (no package needed).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let reader = try? ParquetFileReader(bytes: bytes) else { return 0 }
    for g in reader.rowGroups.indices.prefix(16) {
        guard let group = try? reader.readRowGroup(g) else { continue }
        if let rows = try? group.rows() {
            for row in rows.prefix(64) {
                for v in row { _ = v.jsonText; _ = v.displayText }
            }
        }
    }
    return 0
}
