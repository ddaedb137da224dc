#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Accumulates min/max/null_count for one column chunk.
struct ColumnStatisticsBuilder {
    enum Order { case signed, unsigned, float, bytes, none }

    let order: Order
    let physical: PhysicalType
    var nullCount: Int64 = 0
    /// Set when a rejected row may have widened min/max.
    var inexact = false
    private var minI: Int64 = .max, maxI: Int64 = .min
    private var minU: UInt64 = .max, maxU: UInt64 = .min
    private var minF: Double = .infinity, maxF: Double = -.infinity
    private var minB: [UInt8]?, maxB: [UInt8]?
    private var any = false
    /// byte strings longer than this are not used for min/max (like pyarrow's 4096 limit).
    static let maxStatBytes = 4096
    private var bytesTooLong = false

    init(column: ColumnDescriptor, kind: LeafConverter.Kind) {
        physical = column.physicalType
        switch (column.physicalType, kind) {
        case (_, .decimal), (.int96, _), (_, .float16), (_, .uuid): order = .none
        case (.boolean, _): order = .unsigned
        case (.int32, .uint32), (.int64, .uint64), (.int64, .uint32), (.int32, .uint64): order = .unsigned
        case (.int32, _), (.int64, _): order = .signed
        case (.float, _), (.double, _): order = .float
        case (.byteArray, _), (.fixedLenByteArray, _): order = .bytes
        default: order = .none
        }
    }

    @inline(__always) mutating func add(int v: Int64) {
        any = true
        if order == .unsigned {
            let u = physical == .int32 ? UInt64(UInt32(truncatingIfNeeded: v)) : UInt64(bitPattern: v)
            if u < minU { minU = u }
            if u > maxU { maxU = u }
        } else {
            if v < minI { minI = v }
            if v > maxI { maxI = v }
        }
    }

    @inline(__always) mutating func add(double v: Double) {
        guard !v.isNaN else { return }
        any = true
        if v < minF || (v == 0 && minF == 0 && v.sign == .minus) { minF = v }
        if v > maxF || (v == 0 && maxF == 0 && v.sign == .plus) { maxF = v }
    }

    mutating func add(bytes v: UnsafeRawBufferPointer) {
        guard order == .bytes else { return }
        if v.count > Self.maxStatBytes { bytesTooLong = true; return }
        any = true
        if let m = minB {
            if Self.less(v, m) { minB = Array(v) }
        } else {
            minB = Array(v)
        }
        if let m = maxB {
            if Self.less(m, v) { maxB = Array(v) }
        } else {
            maxB = Array(v)
        }
    }

    static func less(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { less(a, $0) }
    }

    static func less(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        a.withUnsafeBytes { less($0, b) }
    }

    static func less(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return c < 0 }
        }
        return a.count < b.count
    }

    private func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    func build() -> Statistics {
        var s = Statistics()
        s.nullCount = nullCount
        guard any, !bytesTooLong || order != .bytes else { return s }
        var minV: [UInt8]?, maxV: [UInt8]?
        switch order {
        case .signed:
            if physical == .int32 { minV = le(Int32(truncatingIfNeeded: minI)); maxV = le(Int32(truncatingIfNeeded: maxI)) } else { minV = le(minI); maxV = le(maxI) }
        case .unsigned:
            switch physical {
            case .boolean: minV = [UInt8(minU)]; maxV = [UInt8(maxU)]
            case .int32: minV = le(UInt32(truncatingIfNeeded: minU)); maxV = le(UInt32(truncatingIfNeeded: maxU))
            default: minV = le(minU); maxV = le(maxU)
            }
        case .float:
            if physical == .float {
                minV = le(Float(minF).bitPattern); maxV = le(Float(maxF).bitPattern)
            } else {
                minV = le(minF.bitPattern); maxV = le(maxF.bitPattern)
            }
        case .bytes:
            minV = minB; maxV = maxB
        case .none:
            return s
        }
        s.minValue = minV
        s.maxValue = maxV
        s.isMinValueExact = !inexact
        s.isMaxValueExact = !inexact
        if order == .signed || order == .float || physical == .boolean {
            s.min = minV
            s.max = maxV
        }
        return s
    }
}
