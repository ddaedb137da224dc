/// Writes the small XML request bodies S3 takes (`Delete`, `CompleteMultipartUpload`,
/// `CreateBucketConfiguration`), escaping text.
struct XMLWriter {
    private(set) var bytes: [UInt8] = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)

    /// Opens `<name>` (with the S3 namespace when `namespace` is set).
    mutating func open(_ name: String, namespace: String? = nil) {
        bytes.append(0x3C)
        bytes.append(contentsOf: name.utf8)
        if let namespace {
            bytes.append(contentsOf: #" xmlns=""#.utf8)
            bytes.append(contentsOf: namespace.utf8)
            bytes.append(0x22)
        }
        bytes.append(0x3E)
    }

    /// Closes `</name>`.
    mutating func close(_ name: String) {
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(0x3E)
    }

    /// `<name>escaped text</name>`.
    mutating func element(_ name: String, _ text: String) {
        open(name)
        Self.appendEscaped(text, to: &bytes)
        close(name)
    }

    /// Escapes `&`, `<`, `>`, quotes and the control characters XML 1.0 allows only as references
    /// (`\r`, `\n`, `\t` are kept as references so they survive attribute-value normalization).
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&apos;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x0A: out.append(contentsOf: "&#10;".utf8)
            case 0x09: out.append(contentsOf: "&#9;".utf8)
            default: out.append(byte)
            }
        }
    }

    static let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
}
