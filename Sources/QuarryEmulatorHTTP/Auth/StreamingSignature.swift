import AWSSigning
import Crypto
import Foundation

/// SigV4 for S3's streaming uploads (`x-amz-content-sha256: STREAMING-...`), where the payload hash
/// in the canonical request is that literal, so ``SigV4Signer`` (which takes a real hash) cannot
/// recompute the seed signature. This builds the S3 canonical request itself (path encoded once,
/// not normalized) — the tests check it agrees with ``SigV4Signer`` on ordinary requests — and
/// chains the chunk and trailer signatures that follow the seed.
enum StreamingSignature {
    /// The payload modes S3 streams in.
    enum Mode: String, Sendable {
        case signedChunks = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
        case signedChunksWithTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
        case unsignedWithTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

        var signsChunks: Bool { self != .unsignedWithTrailer }
        var hasTrailer: Bool { self != .signedChunks }
    }

    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The S3 canonical URI: escapes kept (hex uppercased; unreserved bytes decoded), raw bytes
    /// other than unreserved ones and `/` encoded.
    static func canonicalURI(_ path: Substring) -> String {
        let bytes = Array(path.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        let digits = Array("0123456789ABCDEF".utf8)
        func isUnreserved(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x7E
        }
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25, i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                let decoded = hi << 4 | lo
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    out.append(0x25)
                    out.append(digits[Int(hi)])
                    out.append(digits[Int(lo)])
                }
                i += 3
                continue
            }
            if isUnreserved(b) || b == 0x2F {
                out.append(b)
            } else {
                out.append(0x25)
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0F)])
            }
            i += 1
        }
        if out.isEmpty { return "/" }
        return String(decoding: out, as: UTF8.self)
    }

    /// Query parameters decoded, re-encoded strictly and sorted by name then value.
    static func canonicalQuery(_ query: Substring) -> String {
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { piece -> (String, String) in
            if let eq = piece.firstIndex(of: "=") {
                return (PercentCoding.encode(PercentCoding.decode(piece[..<eq])),
                        PercentCoding.encode(PercentCoding.decode(piece[piece.index(after: eq)...])))
            }
            return (PercentCoding.encode(PercentCoding.decode(piece)), "")
        }.sorted { a, b in
            a.0 != b.0 ? Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8)) : Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
        }
        return pairs.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }

    /// A header value with its ends trimmed and inner whitespace runs collapsed to one space.
    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// The canonical request for `signedHeaders` (lowercase names, in the client's list).
    static func canonicalRequest(method: String, target: RawTarget, signedHeaders: [String],
                                 values: (String) -> [String], payloadHash: String) -> String {
        var text = method.uppercased() + "\n" + canonicalURI(target.path) + "\n" + canonicalQuery(target.query) + "\n"
        let names = signedHeaders.sorted()
        for name in names {
            text += name + ":" + values(name).map(trimmed).joined(separator: ",") + "\n"
        }
        text += "\n" + names.joined(separator: ";") + "\n" + payloadHash
        return text
    }

    /// The derived signing key for a day, region and service.
    static func signingKey(secret: String, dateStamp: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    static func hmacHex(_ text: String, key: SymmetricKey) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }

    /// Verifies the chain of chunk (and trailer) signatures that follows a seed signature.
    struct Chain: Sendable {
        let key: SymmetricKey
        let amzDate: String
        let scope: String
        private(set) var previous: String

        init(key: SymmetricKey, amzDate: String, scope: String, seed: String) {
            self.key = key
            self.amzDate = amzDate
            self.scope = scope
            self.previous = seed
        }

        /// Checks `claimed` against the signature of a chunk whose data hashes to `dataSHA256`.
        mutating func verifyChunk(dataSHA256: String, claimed: String) -> Bool {
            let text = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + StreamingSignature.emptySHA256 + "\n" + dataSHA256
            let expected = StreamingSignature.hmacHex(text, key: key)
            previous = expected
            return SigV4Verifier.constantTimeEqual(expected, claimed)
        }

        /// Checks the `x-amz-trailer-signature` over the trailing headers (as sent, `name:value\n` each).
        mutating func verifyTrailer(canonicalTrailer: String, claimed: String) -> Bool {
            let text = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + sha256Hex(Array(canonicalTrailer.utf8))
            let expected = StreamingSignature.hmacHex(text, key: key)
            previous = expected
            return SigV4Verifier.constantTimeEqual(expected, claimed)
        }
    }
}
