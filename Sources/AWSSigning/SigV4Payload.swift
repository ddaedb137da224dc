public import Foundation
import Crypto

extension SigV4Signer {
    /// What the signature says about the request body.
    public enum Payload: Sendable, Hashable {
        /// No body: the hash of zero bytes.
        case empty
        /// The whole body, hashed by the signer (SHA-256).
        case bytes([UInt8])
        /// The hex SHA-256 of the body, computed by the caller (for streamed or cached bodies):
        /// 64 lowercase hexadecimal digits.
        case precomputedHash(String)
        /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature. S3 accepts it (over HTTPS),
        /// and presigned S3 URLs always use it. Header signing also sends it as `x-amz-content-sha256`.
        case unsigned

        /// A payload for `body`, hashed now: convenient for `Data` or `ByteBuffer` views.
        public static func hashing(_ body: some DataProtocol) -> Payload {
            .precomputedHash(SigV4Signer.hexSHA256(body))
        }
    }

    /// The value SigV4 puts in the canonical request for this payload (and in `x-amz-content-sha256`).
    static func payloadHash(_ payload: Payload) throws(SigV4Error) -> String {
        switch payload {
        case .empty:
            return emptyPayloadHash
        case .bytes(let bytes):
            return hexSHA256(bytes)
        case .unsigned:
            return "UNSIGNED-PAYLOAD"
        case .precomputedHash(let hash):
            let utf8 = hash.utf8
            guard utf8.count == 64, utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                throw SigV4Error(code: .invalidPayloadHash,
                                 message: "A precomputed payload hash must be the SHA-256 of the body as 64 lowercase hex digits; use .unsigned for UNSIGNED-PAYLOAD")
            }
            return hash
        }
    }

    /// SHA-256 of zero bytes, in hex.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func hexSHA256(_ bytes: some DataProtocol) -> String {
        Hex.string(SHA256.hash(data: bytes))
    }
}
