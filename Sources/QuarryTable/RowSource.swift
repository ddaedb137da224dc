/// A stream of rows read from a table file, a batch at a time, in file order.
///
/// Memory is bounded by one batch and one read buffer, never by the file. A source reuses its batch
/// storage when the caller has released the previous batch before asking for the next one.
public protocol RowSource: AnyObject {
    /// The table's columns.
    var schema: TableSchema { get }
    /// The file, as the user named it.
    var path: String { get }
    /// The next batch of rows, or nil at the end of the table. After an error, the source is done.
    func nextBatch() throws(TableError) -> RowBatch?
}

/// A table file being written, a batch at a time.
///
/// Rows go to a temporary file next to the destination; ``finish()`` flushes, syncs and renames it
/// into place, so the destination never holds a half-written table. A sink dropped without
/// ``finish()`` removes its temporary file.
public protocol RowSink: AnyObject {
    /// The table's columns; batches must have this schema and every column projected.
    var schema: TableSchema { get }
    /// The destination file.
    var path: String { get }
    /// Appends the rows of `batch`.
    func append(_ batch: RowBatch) throws(TableError)
    /// Writes everything out and renames the temporary file to ``path``.
    func finish() throws(TableError)
    /// Discards everything written: removes the temporary file. Safe to call more than once.
    func abandon()
}
