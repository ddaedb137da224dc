/// Settings for `ParquetFileWriter`.
public struct ParquetWriterOptions: Sendable {
    /// Page compression codec (SNAPPY by default; GZIP, ZSTD, LZ4_RAW need their libraries at run time).
    public var compression: CompressionCodec
    /// A row group is closed once its buffered (uncompressed, encoded) size reaches this.
    public var rowGroupByteSize: Int
    /// Upper bound on rows per row group.
    public var maxRowsPerRowGroup: Int
    /// Target size of a data page's encoded values.
    public var dataPageSize: Int
    /// Dictionary-encode byte-array columns, falling back to PLAIN when the dictionary grows past the limit.
    public var dictionaryEnabled: Bool
    /// Dictionary size (bytes of entries) after which a column chunk falls back to PLAIN.
    public var dictionaryPageSizeLimit: Int
    /// Write min/max/null_count statistics in the column metadata.
    public var writeStatistics: Bool
    /// Data page format: 1 (DATA_PAGE, the widely read default) or 2 (DATA_PAGE_V2).
    public var dataPageVersion: Int
    /// Key/value metadata stored in the footer.
    public var keyValueMetadata: [KeyValue]
    /// The footer's `created_by` string.
    public var createdBy: String

    public init(compression: CompressionCodec = .snappy, rowGroupByteSize: Int = 128 << 20, maxRowsPerRowGroup: Int = 1 << 20,
                dataPageSize: Int = 1 << 20, dictionaryEnabled: Bool = true, dictionaryPageSizeLimit: Int = 1 << 20,
                writeStatistics: Bool = true, dataPageVersion: Int = 1, keyValueMetadata: [KeyValue] = [],
                createdBy: String = "quarry-parquet version 1.0") {
        self.compression = compression
        self.rowGroupByteSize = rowGroupByteSize
        self.maxRowsPerRowGroup = maxRowsPerRowGroup
        self.dataPageSize = dataPageSize
        self.dictionaryEnabled = dictionaryEnabled
        self.dictionaryPageSizeLimit = dictionaryPageSizeLimit
        self.writeStatistics = writeStatistics
        self.dataPageVersion = dataPageVersion
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
    }
}
