/// Word-at-a-time (SWAR) searches over raw bytes for the few bytes that end a run of plain text.
enum ByteScan {
    @inline(__always) static func broadcast(_ b: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(b) }

    /// High bit set in each byte of `x` that is zero (may also flag a byte above a zero byte).
    @inline(__always) static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Skips bytes in `p[i ..< end]`, eight at a time, while none of the eight is `a`, `b`, `c` or `d`.
    /// Returns where a slower byte-by-byte check must resume (at most eight bytes before a match).
    @inline(__always)
    static func skipWords(_ p: UnsafePointer<UInt8>, from i: Int, end: Int,
                          _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Int {
        var i = i
        let raw = UnsafeRawPointer(p)
        let ma = broadcast(a), mb = broadcast(b), mc = broadcast(c), md = broadcast(d)
        while i + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if zeroBytes(w ^ ma) | zeroBytes(w ^ mb) | zeroBytes(w ^ mc) | zeroBytes(w ^ md) != 0 { break }
            i += 8
        }
        return i
    }

    /// Like ``skipWords(_:from:end:_:_:_:_:)`` for JSON string contents: stops near `"`, `\` or a byte below 0x20.
    @inline(__always)
    static func skipJSONStringWords(_ p: UnsafePointer<UInt8>, from i: Int, end: Int) -> Int {
        var i = i
        let raw = UnsafeRawPointer(p)
        let quote = broadcast(0x22), backslash = broadcast(0x5C), space = broadcast(0x20)
        while i + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let control = (w &- space) & ~w & 0x8080_8080_8080_8080
            if zeroBytes(w ^ quote) | zeroBytes(w ^ backslash) | control != 0 { break }
            i += 8
        }
        return i
    }
}
