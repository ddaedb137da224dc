/// A legacy 96-bit timestamp: nanoseconds within the day and a Julian day number.
public struct Int96: Sendable, Hashable {
    /// Nanoseconds since midnight.
    public var nanosOfDay: UInt64
    /// Julian day number (2440588 = 1970-01-01).
    public var julianDay: UInt32

    /// Creates a value from its parts.
    public init(nanosOfDay: UInt64, julianDay: UInt32) {
        self.nanosOfDay = nanosOfDay
        self.julianDay = julianDay
    }

    /// Nanoseconds since the Unix epoch (wrapping on overflow).
    public var nanosecondsSinceEpoch: Int64 {
        (Int64(julianDay) &- 2_440_588) &* 86_400_000_000_000 &+ Int64(bitPattern: nanosOfDay)
    }
}

/// Variable-length byte strings stored contiguously: value `i` is `data[offsets[i]..<offsets[i+1]]`.
public struct ByteArrays: Sendable, Hashable {
    /// All value bytes back to back.
    public var data: [UInt8]
    /// `count + 1` offsets into `data`; the first is 0.
    public var offsets: [Int]

    /// Creates a value from its parts.
    public init() {
        data = []
        offsets = [0]
    }

    /// Creates a value from its parts.
    public init(data: [UInt8], offsets: [Int]) {
        self.data = data
        self.offsets = offsets
    }

    /// Number of values.
    public var count: Int { offsets.count - 1 }

    /// The bytes of value `i`.
    public subscript(i: Int) -> ArraySlice<UInt8> { data[offsets[i]..<offsets[i + 1]] }

    /// Value `i` decoded as UTF-8 (invalid sequences are replaced).
    public func string(at i: Int) -> String {
        data.withUnsafeBufferPointer { buf in
            String(decoding: UnsafeBufferPointer(rebasing: buf[offsets[i]..<offsets[i + 1]]), as: UTF8.self)
        }
    }

    /// Appends one value.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }
}

/// The non-null values of one column chunk, in physical representation.
public enum ColumnValues: Sendable, Hashable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case int96([Int96])
    case float([Float])
    case double([Double])
    case byteArray(ByteArrays)
    case fixedLenByteArray(ByteArrays)

    /// Number of values.
    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .int96(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .byteArray(let v): v.count
        case .fixedLenByteArray(let v): v.count
        }
    }
}

/// One decoded column chunk: levels for every entry and the non-null values.
public struct ColumnData: Sendable {
    /// The leaf column.
    public let descriptor: ColumnDescriptor
    /// Definition level per entry; empty when the column's max definition level is 0.
    public var definitionLevels: [UInt8]
    /// Repetition level per entry; empty when the column's max repetition level is 0.
    public var repetitionLevels: [UInt8]
    /// Non-null values, in entry order.
    public var values: ColumnValues
    /// Number of level entries (rows for flat columns).
    public var entryCount: Int

    /// Whether entry `i` holds a value (as opposed to a null or an empty list).
    public func isPresent(_ i: Int) -> Bool {
        definitionLevels.isEmpty || Int(definitionLevels[i]) == descriptor.maxDefinitionLevel
    }
}
