/// Several Parquet files with the same schema read as one table, row group by row group.
///
/// Row groups are numbered across files in order. Memory stays bounded by one row group's
/// projected columns; only footers are read up front.
public final class ParquetDataset: Sendable {
    /// The files, in order.
    public let files: [ParquetFileReader]
    /// The shared schema (that of the first file).
    public let schema: ParquetSchema
    /// (file, row group within the file) for each global row group index.
    private let locations: [(file: Int, rowGroup: Int)]

    /// Opens every path; all must share the first file's schema.
    public convenience init(paths: [String]) throws {
        try self.init(readers: paths.map { try ParquetFileReader(path: $0) })
    }

    /// Combines already opened readers; all must share the first reader's schema.
    public init(readers: [ParquetFileReader]) throws {
        guard let first = readers.first else { throw ParquetError.invalid("a dataset needs at least one file") }
        for r in readers.dropFirst() {
            if let problem = Self.incompatibility(first.schema, r.schema) {
                throw ParquetError.invalid("\(r.name) does not have the same schema as \(first.name): \(problem)")
            }
        }
        files = readers
        schema = first.schema
        var locs: [(file: Int, rowGroup: Int)] = []
        for (f, r) in readers.enumerated() {
            for g in r.rowGroups.indices { locs.append((f, g)) }
        }
        locations = locs
    }

    static func incompatibility(_ a: ParquetSchema, _ b: ParquetSchema) -> String? {
        guard a.columns.count == b.columns.count else { return "\(a.columns.count) columns versus \(b.columns.count)" }
        for (x, y) in zip(a.columns, b.columns) {
            if x.path != y.path { return "column '\(x.dottedPath)' versus '\(y.dottedPath)'" }
            if x.physicalType != y.physicalType || x.typeLength != y.typeLength {
                return "column '\(x.dottedPath)' is \(x.physicalType) versus \(y.physicalType)"
            }
            if x.maxDefinitionLevel != y.maxDefinitionLevel || x.maxRepetitionLevel != y.maxRepetitionLevel {
                return "column '\(x.dottedPath)' differs in nullability or nesting"
            }
        }
        return nil
    }

    /// Total rows over all files.
    public var rowCount: Int64 { files.reduce(0) { $0 + $1.rowCount } }
    /// Total row groups over all files.
    public var rowGroupCount: Int { locations.count }

    /// The file and file-local row group of global row group `i`.
    public func location(ofRowGroup i: Int) -> (file: Int, rowGroup: Int)? {
        locations.indices.contains(i) ? locations[i] : nil
    }

    /// Reads global row group `i` with the given projection (see `ParquetFileReader.readRowGroup`).
    public func readRowGroup(_ i: Int, columns: [String]? = nil) throws -> RowGroupData {
        guard let loc = location(ofRowGroup: i) else {
            throw ParquetError.invalid("row group \(i) does not exist (\(rowGroupCount) row groups)")
        }
        return try files[loc.file].readRowGroup(loc.rowGroup, columns: columns)
    }

    /// A stream over all row groups in order.
    public func rowGroups(columns: [String]? = nil) -> RowGroupStream {
        RowGroupStream(dataset: self, columns: columns)
    }
}

/// Streams a dataset's row groups one at a time.
public struct RowGroupStream: Sendable {
    let dataset: ParquetDataset
    let columns: [String]?
    /// Index of the next row group.
    public private(set) var nextIndex = 0

    /// The next row group, or nil at the end.
    public mutating func next() throws -> RowGroupData? {
        guard nextIndex < dataset.rowGroupCount else { return nil }
        defer { nextIndex += 1 }
        return try dataset.readRowGroup(nextIndex, columns: columns)
    }
}
