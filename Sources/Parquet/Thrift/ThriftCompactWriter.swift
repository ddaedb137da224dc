/// A writer of the Thrift compact protocol into a growing byte array.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldIDs: [Int16] = []
    private var lastFieldID: Int16 = 0

    init() {}

    mutating func writeByte(_ b: UInt8) { bytes.append(b) }

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeZigzag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func beginStruct() {
        lastFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        bytes.append(0)
        lastFieldID = lastFieldIDs.popLast() ?? 0
    }

    mutating func fieldHeader(_ id: Int16, _ type: UInt8) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type)
        } else {
            bytes.append(type)
            writeZigzag(Int64(id))
        }
        lastFieldID = id
    }

    mutating func i32(_ id: Int16, _ v: Int32) { fieldHeader(id, 5); writeZigzag(Int64(v)) }
    mutating func i64(_ id: Int16, _ v: Int64) { fieldHeader(id, 6); writeZigzag(v) }
    mutating func i8(_ id: Int16, _ v: Int8) { fieldHeader(id, 3); bytes.append(UInt8(bitPattern: v)) }
    mutating func bool(_ id: Int16, _ v: Bool) { fieldHeader(id, v ? 1 : 2) }
    mutating func binary(_ id: Int16, _ v: [UInt8]) {
        fieldHeader(id, 8)
        writeVarint(UInt64(v.count))
        bytes.append(contentsOf: v)
    }
    mutating func string(_ id: Int16, _ v: String) { binary(id, Array(v.utf8)) }

    mutating func i32(_ id: Int16, _ v: Int32?) { if let v { i32(id, v) } }
    mutating func i64(_ id: Int16, _ v: Int64?) { if let v { i64(id, v) } }
    mutating func bool(_ id: Int16, _ v: Bool?) { if let v { bool(id, v) } }
    mutating func binary(_ id: Int16, _ v: [UInt8]?) { if let v { binary(id, v) } }
    mutating func string(_ id: Int16, _ v: String?) { if let v { string(id, v) } }

    /// Writes a struct field whose body is produced by `body`.
    mutating func structField(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, 12)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// Writes a bare struct (list element or top level).
    mutating func structValue(_ body: (inout ThriftCompactWriter) -> Void) {
        beginStruct()
        body(&self)
        endStruct()
    }

    mutating func listHeader(_ id: Int16, elementType: UInt8, count: Int) {
        fieldHeader(id, 9)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType)
        } else {
            bytes.append(0xF0 | elementType)
            writeVarint(UInt64(count))
        }
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        listHeader(id, elementType: 5, count: values.count)
        for v in values { writeZigzag(Int64(v)) }
    }

    mutating func i64List(_ id: Int16, _ values: [Int64]) {
        listHeader(id, elementType: 6, count: values.count)
        for v in values { writeZigzag(v) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        listHeader(id, elementType: 8, count: values.count)
        for v in values {
            let u = Array(v.utf8)
            writeVarint(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    mutating func structList<T>(_ id: Int16, _ values: [T], _ body: (inout ThriftCompactWriter, T) -> Void) {
        listHeader(id, elementType: 12, count: values.count)
        for v in values {
            beginStruct()
            body(&self, v)
            endStruct()
        }
    }
}
