/// A Parquet physical (storage) type.
public enum PhysicalType: Int32, Sendable, Hashable, CaseIterable {
    case boolean = 0
    case int32 = 1
    case int64 = 2
    case int96 = 3
    case float = 4
    case double = 5
    case byteArray = 6
    case fixedLenByteArray = 7
}

/// How often a schema node occurs in its parent.
public enum Repetition: Int32, Sendable, Hashable {
    case required = 0
    case optional = 1
    case repeated = 2
}

/// Legacy logical annotation (Parquet `ConvertedType`), still written next to `LogicalType`.
public struct ConvertedType: RawRepresentable, Hashable, Sendable {
    /// The raw value.
    public var rawValue: Int32
    /// Creates a value from its parts.
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let utf8 = ConvertedType(rawValue: 0)
    public static let map = ConvertedType(rawValue: 1)
    public static let mapKeyValue = ConvertedType(rawValue: 2)
    public static let list = ConvertedType(rawValue: 3)
    public static let enumeration = ConvertedType(rawValue: 4)
    public static let decimal = ConvertedType(rawValue: 5)
    public static let date = ConvertedType(rawValue: 6)
    public static let timeMillis = ConvertedType(rawValue: 7)
    public static let timeMicros = ConvertedType(rawValue: 8)
    public static let timestampMillis = ConvertedType(rawValue: 9)
    public static let timestampMicros = ConvertedType(rawValue: 10)
    public static let uint8 = ConvertedType(rawValue: 11)
    public static let uint16 = ConvertedType(rawValue: 12)
    public static let uint32 = ConvertedType(rawValue: 13)
    public static let uint64 = ConvertedType(rawValue: 14)
    public static let int8 = ConvertedType(rawValue: 15)
    public static let int16 = ConvertedType(rawValue: 16)
    public static let int32 = ConvertedType(rawValue: 17)
    public static let int64 = ConvertedType(rawValue: 18)
    public static let json = ConvertedType(rawValue: 19)
    public static let bson = ConvertedType(rawValue: 20)
    public static let interval = ConvertedType(rawValue: 21)
}

/// A value encoding (Parquet `Encoding`).
public struct Encoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw value.
    public var rawValue: Int32
    /// Creates a value from its parts.
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let plain = Encoding(rawValue: 0)
    public static let plainDictionary = Encoding(rawValue: 2)
    public static let rle = Encoding(rawValue: 3)
    public static let bitPacked = Encoding(rawValue: 4)
    public static let deltaBinaryPacked = Encoding(rawValue: 5)
    public static let deltaLengthByteArray = Encoding(rawValue: 6)
    public static let deltaByteArray = Encoding(rawValue: 7)
    public static let rleDictionary = Encoding(rawValue: 8)
    public static let byteStreamSplit = Encoding(rawValue: 9)

    /// The description.
    public var description: String {
        switch rawValue {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "encoding \(rawValue)"
        }
    }
}

/// A page compression codec (Parquet `CompressionCodec`).
public struct CompressionCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw value.
    public var rawValue: Int32
    /// Creates a value from its parts.
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let uncompressed = CompressionCodec(rawValue: 0)
    public static let snappy = CompressionCodec(rawValue: 1)
    public static let gzip = CompressionCodec(rawValue: 2)
    public static let lzo = CompressionCodec(rawValue: 3)
    public static let brotli = CompressionCodec(rawValue: 4)
    /// Deprecated Hadoop-framed LZ4.
    public static let lz4 = CompressionCodec(rawValue: 5)
    public static let zstd = CompressionCodec(rawValue: 6)
    public static let lz4Raw = CompressionCodec(rawValue: 7)

    /// The description.
    public var description: String {
        switch rawValue {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "codec \(rawValue)"
        }
    }
}

/// The kind of a page (Parquet `PageType`).
public struct PageType: RawRepresentable, Hashable, Sendable {
    /// The raw value.
    public var rawValue: Int32
    /// Creates a value from its parts.
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let dataPage = PageType(rawValue: 0)
    public static let indexPage = PageType(rawValue: 1)
    public static let dictionaryPage = PageType(rawValue: 2)
    public static let dataPageV2 = PageType(rawValue: 3)
}
