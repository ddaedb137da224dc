/// Encoder of the RLE / bit-packing hybrid encoding. Uses RLE runs for repeats of 8 or more
/// and bit-packed groups of 8 otherwise.
struct RLEHybridEncoder {
    let bitWidth: Int
    private(set) var bytes: [UInt8] = []
    private var pending: [UInt64] = []      // values not yet emitted (< 8 unless in a run)
    private var packed = BitWriter()         // current bit-packed run
    private var packedGroups = 0
    private var runValue: UInt64 = 0
    private var runCount = 0

    init(bitWidth: Int) { self.bitWidth = bitWidth }

    private mutating func appendVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    private mutating func flushPacked() {
        guard packedGroups > 0 else { return }
        packed.flush()
        appendVarint(UInt64(packedGroups) << 1 | 1)
        bytes.append(contentsOf: packed.bytes)
        packed = BitWriter()
        packedGroups = 0
    }

    private mutating func emitRun(_ value: UInt64, _ count: Int) {
        flushPacked()
        appendVarint(UInt64(count) << 1)
        let nbytes = (bitWidth + 7) / 8
        for i in 0..<nbytes { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    private mutating func emitGroup(_ values: ArraySlice<UInt64>) {
        for v in values { packed.write(v, width: bitWidth) }
        for _ in values.count..<8 { packed.write(0, width: bitWidth) }
        packedGroups += 1
        if packedGroups == 63 { flushPacked() }
    }

    private mutating func closeRun() {
        let need = (8 - pending.count % 8) % 8
        if runCount >= 8 + need {
            for _ in 0..<need { pending.append(runValue) }
            var i = 0
            while i < pending.count { emitGroup(pending[i..<(i + 8)]); i += 8 }
            pending.removeAll(keepingCapacity: true)
            emitRun(runValue, runCount - need)
        } else {
            for _ in 0..<runCount { pending.append(runValue) }
            if pending.count >= 8 {
                let full = pending.count / 8 * 8
                var i = 0
                while i < full { emitGroup(pending[i..<(i + 8)]); i += 8 }
                pending.removeFirst(full)
            }
        }
        runCount = 0
    }

    /// Appends one value (must fit in `bitWidth` bits).
    mutating func append(_ value: UInt64) {
        if runCount > 0 && value == runValue {
            runCount += 1
            return
        }
        if runCount > 0 { closeRun() }
        runValue = value
        runCount = 1
    }

    /// Appends `count` copies of `value`.
    mutating func append(_ value: UInt64, count: Int) {
        guard count > 0 else { return }
        if runCount > 0 && value == runValue {
            runCount += count
            return
        }
        if runCount > 0 { closeRun() }
        runValue = value
        runCount = count
    }

    /// Finishes the stream and returns the bytes.
    mutating func finish() -> [UInt8] {
        if runCount > 0 { closeRun() }
        if !pending.isEmpty {
            // A final partial group is padded with zeros; readers stop at the value count.
            emitGroup(pending[...])
            pending.removeAll()
        }
        flushPacked()
        return bytes
    }
}
