/// Growable storage for decoded values of one physical type (only the matching array is used).
struct ValueBuffers {
    let type: PhysicalType
    let width: Int
    /// Upper bound on byte-array data, to refuse decompression bombs via dictionaries.
    let byteLimit: Int
    var bools: [Bool] = []
    var i32: [Int32] = []
    var i64: [Int64] = []
    var i96: [Int96] = []
    var f32: [Float] = []
    var f64: [Double] = []
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    init(type: PhysicalType, width: Int, byteLimit: Int = .max) {
        self.type = type
        self.width = width
        self.byteLimit = byteLimit
    }

    var count: Int {
        switch type {
        case .boolean: bools.count
        case .int32: i32.count
        case .int64: i64.count
        case .int96: i96.count
        case .float: f32.count
        case .double: f64.count
        case .byteArray, .fixedLenByteArray: offsets.count - 1
        }
    }

    func finish() -> ColumnValues {
        switch type {
        case .boolean: .boolean(bools)
        case .int32: .int32(i32)
        case .int64: .int64(i64)
        case .int96: .int96(i96)
        case .float: .float(f32)
        case .double: .double(f64)
        case .byteArray: .byteArray(ByteArrays(data: bytes, offsets: offsets))
        case .fixedLenByteArray: .fixedLenByteArray(ByteArrays(data: bytes, offsets: offsets))
        }
    }

    /// Empties every buffer, keeping capacity for the next page.
    mutating func clear() {
        bools.removeAll(keepingCapacity: true)
        i32.removeAll(keepingCapacity: true)
        i64.removeAll(keepingCapacity: true)
        i96.removeAll(keepingCapacity: true)
        f32.removeAll(keepingCapacity: true)
        f64.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        offsets.append(0)
    }

    mutating func checkByteLimit(adding n: Int) throws {
        guard n <= byteLimit - bytes.count else {
            throw ParquetError.corrupt("decoded byte-array data would exceed \(byteLimit) bytes for one column chunk")
        }
    }
}

/// Appends `n` little-endian values of `T` copied from raw (possibly unaligned) bytes.
@inline(__always)
func appendRaw<T: BitwiseCopyable>(_ array: inout [T], from src: UnsafeRawPointer, count n: Int) {
    guard n > 0 else { return }
    let stride = MemoryLayout<T>.stride
    if array.isEmpty {
        array = [T](unsafeUninitializedCapacity: n) { buf, initialized in
            if let base = buf.baseAddress { UnsafeMutableRawPointer(base).copyMemory(from: src, byteCount: n * stride) }
            initialized = n
        }
        return
    }
    array.reserve(additional: n)
    for i in 0..<n { array.append(src.loadUnaligned(fromByteOffset: i * stride, as: T.self)) }
}

extension Array {
    /// Reserves room for `n` more elements, growing geometrically so repeated calls stay linear.
    @inline(__always)
    mutating func reserve(additional n: Int) {
        let need = count + n
        if need > capacity { reserveCapacity(Swift.max(need, capacity * 2)) }
    }
}
