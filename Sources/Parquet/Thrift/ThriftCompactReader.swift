/// A bounds-checked reader of the Thrift compact protocol over a byte array.
///
/// Every read checks the remaining length; list sizes are capped by the bytes left, and
/// nesting is capped by `maxDepth`, so hostile input produces an error, never a crash or a
/// huge allocation.
struct ThriftCompactReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    /// Field-id bookkeeping: last field id of each open struct.
    private var lastFieldIDs: [Int16] = []
    private var lastFieldID: Int16 = 0
    /// Maximum nesting of structs/lists/maps.
    static let maxDepth = 64

    init(bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = max(0, min(start, bytes.count))
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - position }

    mutating func readByte() throws -> UInt8 {
        guard position < end else { throw ParquetError.corrupt("Thrift data ends unexpectedly (truncated metadata or page header)") }
        let b = bytes[position]
        position += 1
        return b
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            if shift == 63 && b > 1 { throw ParquetError.corrupt("Thrift varint overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError.corrupt("Thrift varint is longer than 10 bytes") }
        }
    }

    mutating func readZigzag64() throws -> Int64 {
        let u = try readVarint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func readI64() throws -> Int64 { try readZigzag64() }

    mutating func readI32() throws -> Int32 {
        let v = try readZigzag64()
        guard let r = Int32(exactly: v) else { throw ParquetError.corrupt("Thrift i32 value \(v) out of range") }
        return r
    }

    mutating func readI16() throws -> Int16 {
        let v = try readZigzag64()
        guard let r = Int16(exactly: v) else { throw ParquetError.corrupt("Thrift i16 value \(v) out of range") }
        return r
    }

    mutating func readI8() throws -> Int8 { Int8(bitPattern: try readByte()) }

    mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw ParquetError.corrupt("Thrift double truncated") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func readBinary() throws -> [UInt8] {
        let n = try readVarint()
        guard n <= UInt64(remaining) else {
            throw ParquetError.corrupt("Thrift binary length \(n) exceeds the \(remaining) bytes left")
        }
        let len = Int(n)
        let out = Array(bytes[position..<(position + len)])
        position += len
        return out
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    // MARK: Structs

    mutating func beginStruct() throws {
        guard lastFieldIDs.count < Self.maxDepth else {
            throw ParquetError.corrupt("Thrift structs nested deeper than \(Self.maxDepth) levels")
        }
        lastFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        lastFieldID = lastFieldIDs.popLast() ?? 0
    }

    /// Reads the next field header; nil at STOP. Bool fields carry their value in the type.
    mutating func readFieldHeader() throws -> (type: UInt8, id: Int16)? {
        let b = try readByte()
        if b == 0 { return nil }
        let type = b & 0x0F
        let delta = Int16(b >> 4)
        let id: Int16
        if delta == 0 {
            id = try readI16()
        } else {
            let (sum, overflow) = lastFieldID.addingReportingOverflow(delta)
            guard !overflow else { throw ParquetError.corrupt("Thrift field id overflow") }
            id = sum
        }
        lastFieldID = id
        return (type, id)
    }

    /// Reads a list or set header; `count` is bounded by the bytes left.
    mutating func readListHeader() throws -> (elementType: UInt8, count: Int) {
        let b = try readByte()
        let elementType = b & 0x0F
        var n = UInt64(b >> 4)
        if n == 15 { n = try readVarint() }
        // Every element takes at least one byte, except empty structs... which still take the STOP byte.
        guard n <= UInt64(remaining) else {
            throw ParquetError.corrupt("Thrift list claims \(n) elements but only \(remaining) bytes are left")
        }
        return (elementType, Int(n))
    }

    /// Reads a boolean that is a list element (one byte: 1 = true).
    mutating func readBoolElement() throws -> Bool { try readByte() == 1 }

    /// Reads a boolean struct field, whose value is carried in the field type.
    func boolField(_ type: UInt8) throws -> Bool {
        switch type {
        case 1: return true
        case 2: return false
        default: throw ParquetError.corrupt("Thrift field expected bool, found type \(type)")
        }
    }

    /// Skips a value of the given type, recursively.
    mutating func skip(_ type: UInt8, depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw ParquetError.corrupt("Thrift values nested deeper than \(Self.maxDepth) levels") }
        switch type {
        case 1, 2: return  // bool field: value in the type nibble
        case 3: _ = try readByte()
        case 4, 5, 6: _ = try readVarint()
        case 7:
            guard remaining >= 8 else { throw ParquetError.corrupt("Thrift double truncated") }
            position += 8
        case 8:
            let n = try readVarint()
            guard n <= UInt64(remaining) else { throw ParquetError.corrupt("Thrift binary length \(n) exceeds the bytes left") }
            position += Int(n)
        case 9, 10:
            let (et, count) = try readListHeader()
            for _ in 0..<count {
                if et == 1 || et == 2 { _ = try readByte() } else { try skip(et, depth: depth + 1) }
            }
        case 11:
            let n = try readVarint()
            guard n <= UInt64(remaining) else { throw ParquetError.corrupt("Thrift map size \(n) exceeds the bytes left") }
            if n == 0 { return }
            let kv = try readByte()
            for _ in 0..<Int(n) {
                try skipElement(kv >> 4, depth: depth + 1)
                try skipElement(kv & 0x0F, depth: depth + 1)
            }
        case 12:
            try beginStruct()
            while let (ft, _) = try readFieldHeader() { try skip(ft, depth: depth + 1) }
            endStruct()
        case 13:
            guard remaining >= 16 else { throw ParquetError.corrupt("Thrift uuid truncated") }
            position += 16
        default:
            throw ParquetError.corrupt("unknown Thrift type id \(type)")
        }
    }

    private mutating func skipElement(_ type: UInt8, depth: Int) throws {
        if type == 1 || type == 2 { _ = try readByte() } else { try skip(type, depth: depth) }
    }

    // MARK: Helpers for struct decoding

    /// Reads a list of elements with `body`, checking the element type.
    mutating func readList<T>(expecting type: UInt8, _ body: (inout ThriftCompactReader) throws -> T) throws -> [T] {
        let (et, count) = try readListHeader()
        guard et == type || (type == 1 && et == 2) || count == 0 else {
            throw ParquetError.corrupt("Thrift list has element type \(et), expected \(type)")
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try body(&self)) }
        return out
    }

    /// Reads a struct, calling `field` for each field; `field` must consume the value or
    /// return false to have it skipped.
    mutating func readStruct(_ field: (inout ThriftCompactReader, _ type: UInt8, _ id: Int16) throws -> Bool) throws {
        try beginStruct()
        while let (type, id) = try readFieldHeader() {
            if try !field(&self, type, id) { try skip(type) }
        }
        endStruct()
    }

    /// Throws unless `actual` equals `expected`.
    static func check(_ actual: UInt8, _ expected: UInt8, _ name: String) throws {
        guard actual == expected || (expected == 1 && actual == 2) else {
            throw ParquetError.corrupt("Thrift field \(name) has type \(actual), expected \(expected)")
        }
    }
}
