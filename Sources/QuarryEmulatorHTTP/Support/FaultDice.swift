/// Rolls for injected HTTP-level faults: a counter hashed with a seed (SplitMix64), so a server
/// with a fixed seed answers the same sequence of requests with the same faults.
final class FaultDice: Sendable {
    private let seed: UInt64
    private let counter = LockedValue<UInt64>(0)

    init(seed: UInt64) { self.seed = seed }

    /// A number in `0..<1`, different on every call.
    func roll(_ purpose: UInt64) -> Double {
        let n = counter.withLock { c -> UInt64 in
            c &+= 1
            return c
        }
        var z = seed &+ purpose &* 0x9E37_79B9_7F4A_7C15 &+ n &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }

    /// Whether a fault with probability `rate` happens now.
    func happens(rate: Double, purpose: UInt64) -> Bool {
        rate > 0 && roll(purpose) < rate
    }
}
