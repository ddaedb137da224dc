/// A parsed XML element: enough XML for the S3 and STS responses (elements, text, the five
/// predefined entities, numeric character references, CDATA, comments and processing instructions).
/// Attributes and namespace prefixes are dropped; DTDs are rejected (no entity expansion).
struct XMLNode: Sendable, Equatable {
    /// The local name (any `prefix:` removed).
    var name: String
    /// The element's children, in order.
    var children: [XMLNode] = []
    /// The element's own text (concatenated, not trimmed).
    var text: String = ""

    /// The first child named `name`.
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    /// Every child named `name`.
    func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    func string(_ name: String) -> String? { child(name)?.text }
    /// The first element named `name` in this subtree (depth first, including this one).
    func first(_ name: String) -> XMLNode? {
        if self.name == name { return self }
        for child in children { if let found = child.first(name) { return found } }
        return nil
    }

    /// Parses a document and returns its root element.
    static func parse(_ bytes: some Collection<UInt8>) throws(XMLError) -> XMLNode {
        var parser = XMLParserState(bytes: Array(bytes))
        return try parser.document()
    }
}

/// Why a document could not be parsed.
struct XMLError: Error, Sendable, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "XML error at byte \(offset): \(message)" }
}

private struct XMLParserState {
    let bytes: [UInt8]
    var index = 0
    /// Nesting limit, so a hostile document cannot exhaust the stack.
    static let maxDepth = 64

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // Skip a UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    func fail(_ message: String) -> XMLError { XMLError(message: message, offset: index) }

    mutating func document() throws(XMLError) -> XMLNode {
        try skipMisc()
        guard index < bytes.count, bytes[index] == 0x3C else { throw fail("expected a root element") }
        let root = try element(depth: 0)
        try skipMisc()
        guard index == bytes.count else { throw fail("content after the root element") }
        return root
    }

    /// Skips whitespace, comments, processing instructions (`<?xml …?>`); rejects DTDs.
    mutating func skipMisc() throws(XMLError) {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1; continue }
            if starts(with: "<?") { try skip(past: "?>"); continue }
            if starts(with: "<!--") { try skip(past: "-->"); continue }
            if starts(with: "<!") { throw fail("DTDs are not accepted") }
            return
        }
    }

    func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    mutating func skip(past literal: StaticString) throws(XMLError) {
        let count = literal.utf8CodeUnitCount
        while index + count <= bytes.count {
            if starts(with: literal) { index += count; return }
            index += 1
        }
        throw fail("unterminated construct")
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        !(byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x2F || byte == 0x3E
            || byte == 0x3D || byte == 0x3C)
    }

    mutating func name() throws(XMLError) -> String {
        let start = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > start else { throw fail("expected a name") }
        var slice = bytes[start..<index]
        if let colon = slice.lastIndex(of: 0x3A) { slice = slice[(colon + 1)...] }
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    /// Parses `<name attr="v" …>content</name>` or `<name …/>`; `index` is at `<`.
    mutating func element(depth: Int) throws(XMLError) -> XMLNode {
        guard depth < Self.maxDepth else { throw fail("elements nested too deeply") }
        index += 1
        var node = XMLNode(name: try name())
        // Attributes: skipped (quoted values may contain `>`).
        while true {
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated start tag") }
            let byte = bytes[index]
            if byte == 0x2F {
                guard index + 1 < bytes.count, bytes[index + 1] == 0x3E else { throw fail("expected />") }
                index += 2
                return node
            }
            if byte == 0x3E { index += 1; break }
            _ = try name()
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x3D else { throw fail("expected = after an attribute name") }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { throw fail("expected a quoted attribute value") }
            let quote = bytes[index]
            index += 1
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw fail("unterminated attribute value") }
            index += 1
        }
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated element \(node.name)") }
            let byte = bytes[index]
            if byte == 0x3C {
                if starts(with: "</") {
                    index += 2
                    let closing = try name()
                    guard closing == node.name else { throw fail("mismatched closing tag \(closing) for \(node.name)") }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x3E else { throw fail("expected >") }
                    index += 1
                    node.text = String(decoding: text, as: UTF8.self)
                    return node
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text.append(contentsOf: bytes[start..<(index - 3)])
                } else if starts(with: "<?") {
                    try skip(past: "?>")
                } else {
                    node.children.append(try element(depth: depth + 1))
                }
            } else if byte == 0x26 {
                try entity(into: &text)
            } else {
                text.append(byte)
                index += 1
            }
        }
    }

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#N;`, `&#xH;`.
    mutating func entity(into text: inout [UInt8]) throws(XMLError) {
        let start = index + 1
        var end = start
        while end < bytes.count, end - start < 12, bytes[end] != 0x3B { end += 1 }
        guard end < bytes.count, bytes[end] == 0x3B else { throw fail("unterminated entity") }
        let body = String(decoding: bytes[start..<end], as: UTF8.self)
        index = end + 1
        switch body {
        case "amp": text.append(0x26)
        case "lt": text.append(0x3C)
        case "gt": text.append(0x3E)
        case "quot": text.append(0x22)
        case "apos": text.append(0x27)
        default:
            var scalar: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                scalar = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                scalar = UInt32(body.dropFirst(), radix: 10)
            }
            guard let value = scalar, let unicode = Unicode.Scalar(value) else { throw fail("unknown entity &\(body);") }
            text.append(contentsOf: String(Character(unicode)).utf8)
        }
    }
}
