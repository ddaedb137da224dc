import Crypto
import Foundation

/// The digests S3 computes while an object streams in: MD5 (the ETag), SHA-256 (to check
/// `x-amz-content-sha256`) and, when the client sent one, the `x-amz-checksum-*` algorithm.
struct UploadDigests {
    enum Algorithm: String, Sendable {
        case crc32, crc32c, sha1, sha256, crc64nvme
    }

    private var md5 = Insecure.MD5()
    private var sha256: SHA256?
    private var sha1: Insecure.SHA1?
    private var crc: UInt32?
    private let crcTable: [UInt32]?
    let algorithm: Algorithm?
    private(set) var count = 0

    init(wantsSHA256: Bool, checksum algorithm: Algorithm?) {
        self.algorithm = algorithm
        sha256 = wantsSHA256 || algorithm == .sha256 ? SHA256() : nil
        sha1 = algorithm == .sha1 ? Insecure.SHA1() : nil
        switch algorithm {
        case .crc32: crcTable = CRC32Table.ieee; crc = 0xFFFF_FFFF
        case .crc32c: crcTable = CRC32Table.castagnoli; crc = 0xFFFF_FFFF
        default: crcTable = nil
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        md5.update(bufferPointer: bytes)
        sha256?.update(bufferPointer: bytes)
        sha1?.update(bufferPointer: bytes)
        if let table = crcTable, var c = crc {
            for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
            crc = c
        }
    }

    struct Result: Sendable {
        var md5: [UInt8]
        /// Bytes seen.
        var size: Int
        var sha256Hex: String?
        /// Base64 of the `x-amz-checksum-*` digest, when one was requested and is computable.
        var checksum: String?
    }

    func finalize() -> Result {
        let md5Bytes = Array(md5.finalize())
        let shaDigest = sha256.map { Array($0.finalize()) }
        var checksum: String?
        switch algorithm {
        case .crc32, .crc32c:
            let v = (crc ?? 0) ^ 0xFFFF_FFFF
            checksum = Data([UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]).base64EncodedString()
        case .sha1: checksum = sha1.map { Data($0.finalize()).base64EncodedString() }
        case .sha256: checksum = shaDigest.map { Data($0).base64EncodedString() }
        case .crc64nvme, nil: checksum = nil
        }
        return Result(md5: md5Bytes, size: count, sha256Hex: shaDigest.map(hex), checksum: checksum)
    }
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

func sha256Hex(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

func md5(_ bytes: some DataProtocol) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }

/// Reflected CRC-32 lookup tables.
enum CRC32Table {
    static let ieee = make(0xEDB8_8320)
    static let castagnoli = make(0x82F6_3B78)

    private static func make(_ poly: UInt32) -> [UInt32] {
        (0..<256).map { i -> UInt32 in
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 == 1 ? poly ^ (c >> 1) : c >> 1 }
            return c
        }
    }
}
