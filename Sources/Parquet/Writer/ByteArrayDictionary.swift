/// An insertion-ordered set of byte strings with O(1) lookup, for dictionary encoding.
struct ByteArrayDictionary {
    private(set) var entries = ByteArrays()
    private var table: [Int32]
    private var mask: Int

    init() {
        table = [Int32](repeating: -1, count: 1024)
        mask = 1023
    }

    var count: Int { entries.count }
    var byteSize: Int { entries.data.count + 4 * entries.count }

    @inline(__always)
    static func hash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// Returns the index of `bytes`, inserting it if new.
    mutating func index(of bytes: UnsafeRawBufferPointer) -> UInt32 {
        let h = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = table[slot]
            if e < 0 { break }
            let i = Int(e)
            let s = entries.offsets[i], t = entries.offsets[i + 1]
            if t - s == bytes.count {
                let equal = entries.data.withUnsafeBytes { d in
                    bytes.count == 0 || memcmpEqual(d.baseAddress! + s, bytes.baseAddress!, bytes.count)
                }
                if equal { return UInt32(i) }
            }
            slot = (slot + 1) & mask
        }
        let idx = entries.count
        entries.data.append(contentsOf: bytes)
        entries.offsets.append(entries.data.count)
        table[slot] = Int32(idx)
        if entries.count * 2 > table.count { grow() }
        return UInt32(idx)
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        entries.data.withUnsafeBytes { d in
            for i in 0..<entries.count {
                let s = entries.offsets[i], t = entries.offsets[i + 1]
                var slot = Int(truncatingIfNeeded: Self.hash(UnsafeRawBufferPointer(rebasing: d[s..<t]))) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(i)
            }
        }
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
