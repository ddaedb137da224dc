/// A stable 64-bit hash (FNV-1a folded through a SplitMix64 finalizer).
///
/// Swift's `Hasher` is seeded per process, so it cannot decide faults that must be the same after a
/// restart. Every emulator decision (which record fails, which job expires, the output order, the
/// stand-in answers) is a function of this hash and the configured seed.
struct StableHash {
    private(set) var state: UInt64

    /// Starts a hash from a seed.
    init(seed: UInt64) { state = 0xcbf2_9ce4_8422_2325 ^ Self.mix(seed) }

    /// Mixes in bytes.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        var h = state
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        // A separator, so ("ab","c") and ("a","bc") differ.
        h ^= 0xff
        h &*= 0x0000_0100_0000_01b3
        state = h
    }

    /// Mixes in text.
    mutating func combine(_ text: String) { combine(text.utf8) }

    /// Mixes in an integer.
    mutating func combine(_ value: Int) { combine(UInt64(bitPattern: Int64(value))) }

    /// Mixes in an unsigned integer.
    mutating func combine(_ value: UInt64) {
        state = Self.mix(state ^ value &+ 0x9e37_79b9_7f4a_7c15)
    }

    /// The finished 64-bit value.
    var value: UInt64 { Self.mix(state) }

    /// The finished value as a number uniformly spread over `[0, 1)`.
    var unit: Double { Double(value >> 11) * 0x1.0p-53 }

    /// One SplitMix64 step: advance by the golden gamma, then finalize.
    static func mix(_ x: UInt64) -> UInt64 { finalize(x &+ 0x9e37_79b9_7f4a_7c15) }

    /// The SplitMix64 output function.
    static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Hashes a list of text parts under a seed and returns a number in `[0, 1)`.
    static func unit(seed: UInt64, _ parts: String...) -> Double {
        var h = StableHash(seed: seed)
        for p in parts { h.combine(p) }
        return h.unit
    }
}

/// A small deterministic generator (SplitMix64) for stand-in answers and vectors.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.finalize(state)
    }

    /// A number in `[0, 1)`.
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
