/// Undoing a partially written row, so a rejected row leaves the file consistent.
extension ColumnWriter {
    /// Buffer positions at a row boundary.
    struct Mark {
        var def = 0, rep = 0, bools = 0, i32 = 0, i64 = 0, i96 = 0, f32 = 0, f64 = 0, bytes = 0, offsets = 0
        var dictIndices = 0, entries = 0, nulls = 0, rows = 0, plainCount = 0, nullCount: Int64 = 0
    }

    var mark: Mark {
        Mark(def: defLevels.count, rep: repLevels.count, bools: values.bools.count, i32: values.i32.count, i64: values.i64.count,
             i96: values.i96.count, f32: values.f32.count, f64: values.f64.count, bytes: values.bytes.count,
             offsets: values.offsets.count, dictIndices: dictIndices.count, entries: pageEntries, nulls: pageNulls,
             rows: pageRows, plainCount: plainByteArrayCount, nullCount: stats.nullCount)
    }

    /// Truncates the current page buffers back to `m` (the page cannot have been flushed since:
    /// pages are only closed between rows).
    mutating func rollback(to m: Mark) {
        defLevels.removeSubrange(m.def...)
        repLevels.removeSubrange(m.rep...)
        values.bools.removeSubrange(m.bools...)
        values.i32.removeSubrange(m.i32...)
        values.i64.removeSubrange(m.i64...)
        values.i96.removeSubrange(m.i96...)
        values.f32.removeSubrange(m.f32...)
        values.f64.removeSubrange(m.f64...)
        values.bytes.removeSubrange(m.bytes...)
        values.offsets.removeSubrange(m.offsets...)
        dictIndices.removeSubrange(m.dictIndices...)
        pageEntries = m.entries
        pageNulls = m.nulls
        pageRows = m.rows
        plainByteArrayCount = m.plainCount
        stats.nullCount = m.nullCount
        // Min/max may have seen a value of the rejected row: they remain valid bounds but are no longer exact.
        stats.inexact = true
    }
}
