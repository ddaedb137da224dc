/// Reads one column chunk a few pages at a time, so memory holds a read-ahead window and the pages
/// being decoded instead of the whole chunk (a 1-million-row row group of long texts is hundreds of
/// megabytes per column).
///
/// ```swift
/// var stream = try reader.columnStream(rowGroup: 0, column: 0)
/// while let part = try stream.next(minEntries: 4096) {
///     // part.entryCount level entries, their values, as from readColumn
/// }
/// ```
public struct ColumnChunkStream {
    /// The leaf column.
    public let descriptor: ColumnDescriptor
    private let source: any RandomAccessSource
    private let context: String
    /// File offsets of the chunk: next unread byte and end.
    private var position: Int
    private let end: Int
    /// Bytes read ahead: `buffer[0]` is at file offset `bufferStart`.
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var state: PageDecodingState
    private let totalEntries: Int
    private var entriesDone = 0

    /// How much is read from the source at once (more when a page is larger).
    static let readAhead = 4 << 20

    init(source: any RandomAccessSource, descriptor: ColumnDescriptor, meta: ColumnMetaData, rowCount: Int,
         start: Int, length: Int, context: String) throws {
        self.source = source
        self.descriptor = descriptor
        self.context = context
        position = start
        end = start + length
        let decoder = ColumnChunkDecoder(column: descriptor, meta: meta, rowCount: rowCount)
        do {
            totalEntries = try decoder.checkedEntryCount(storedBytes: length)
        } catch let e as ParquetError {
            throw e.adding(context: context)
        }
        state = PageDecodingState(column: descriptor, codec: meta.codec, byteLimit: ColumnChunkDecoder.byteLimit(storedBytes: length))
    }

    /// Whether every entry of the chunk has been returned.
    public var isAtEnd: Bool { entriesDone >= totalEntries }

    /// Decodes pages until at least `minEntries` level entries (rows, for a flat column) are ready or
    /// the chunk ends, and returns them; nil once the chunk is done. Each part reuses the storage of
    /// the previous one when the caller has let go of it.
    public mutating func next(minEntries: Int = 1) throws -> ColumnData? {
        guard entriesDone < totalEntries else { return nil }
        do {
            state.clearDecoded()
            var got = 0
            while got < max(1, minEntries) && entriesDone < totalEntries {
                guard position < end else {
                    throw ParquetError.corrupt("column chunk ends after \(entriesDone) of \(totalEntries) values")
                }
                let header = try readHeader()
                let size = try ColumnChunkDecoder.checkedPageSize(header, available: end - position)
                try fill(from: position, count: size)
                let offset = position - bufferStart
                let n = try buffer.withUnsafeBytes { all in
                    try state.decodePage(header, body: UnsafeRawBufferPointer(rebasing: all[offset..<(offset + size)]),
                                         remaining: totalEntries - entriesDone)
                }
                position += size
                got += n
                entriesDone += n
            }
            return ColumnData(descriptor: descriptor, definitionLevels: state.defLevels, repetitionLevels: state.repLevels,
                              values: state.values.finish(), entryCount: got)
        } catch let e as ParquetError {
            throw e.adding(context: context)
        }
    }

    /// Parses the page header at `position` and moves past it, reading more when it is cut off.
    private mutating func readHeader() throws -> PageHeader {
        var want = min(64 << 10, end - position)
        while true {
            try fill(from: position, count: want)
            let offset = position - bufferStart
            var r = ThriftCompactReader(bytes: buffer, start: offset, end: min(buffer.count, offset + (end - position)))
            do {
                let header = try PageHeader(thrift: &r)
                position = bufferStart + r.position
                return header
            } catch {
                // A header cut by the read-ahead window: read more, unless the chunk has no more.
                let available = bufferStart + buffer.count - position
                guard available < end - position else { throw error }
                want = min(max(want * 2, available * 2), end - position)
            }
        }
    }

    /// Makes `buffer` hold the file bytes `[offset, offset + count)`.
    private mutating func fill(from offset: Int, count: Int) throws {
        if offset >= bufferStart && offset + count <= bufferStart + buffer.count { return }
        let length = min(max(count, Self.readAhead), end - offset)
        buffer = []  // let go of the old window before reading the next
        buffer = try source.read(at: offset, count: length)
        bufferStart = offset
        guard buffer.count >= count else {
            throw ParquetError.corrupt("column chunk is cut short: \(buffer.count) of \(count) bytes read")
        }
    }
}

extension ParquetFileReader {
    /// A stream over one column chunk of one row group, decoding a few pages at a time (see
    /// ``ColumnChunkStream``). Checks the chunk's metadata like ``readColumn(rowGroup:column:)``.
    public func columnStream(rowGroup g: Int, column c: Int) throws -> ColumnChunkStream {
        guard rowGroups.indices.contains(g) else { throw ParquetError.invalid("row group \(g) does not exist (\(rowGroups.count) row groups)") }
        guard schema.columns.indices.contains(c) else { throw ParquetError.invalid("column \(c) does not exist (\(schema.columns.count) columns)") }
        let descriptor = schema.columns[c]
        let context = "\(name): row group \(g), column '\(descriptor.dottedPath)'"
        let (meta, start, length, rows): (ColumnMetaData, Int, Int, Int)
        do {
            (meta, start, length, rows) = try chunkRange(rowGroup: g, column: c)
        } catch let e as ParquetError {
            throw e.adding(context: context)
        }
        return try ColumnChunkStream(source: source, descriptor: descriptor, meta: meta, rowCount: rows,
                                     start: start, length: length, context: context)
    }
}
