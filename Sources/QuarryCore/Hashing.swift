import Crypto

/// Hash helpers for deterministic names and tokens.
public enum Hashing {
    /// SHA-256 of bytes as lowercase hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
    }

    /// SHA-256 of text as lowercase hex.
    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    /// A 64-bit FNV-1a hash (fast, stable across runs and platforms; not cryptographic).
    public static func fnv1a(_ bytes: some Sequence<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
