import Foundation

/// Reads the two request documents S3 clients send (`Delete` and `CompleteMultipartUpload`):
/// flat lists of records, each a set of simple text elements. Not a general XML parser: it finds
/// `<record>...</record>` blocks and the `<field>text</field>` elements inside them.
enum XMLScanner {
    /// The records named `record` in `document`, each a map of child element name → unescaped text.
    static func records(_ record: String, in document: String) -> [[String: String]]? {
        var results: [[String: String]] = []
        var rest = Substring(document)
        while let start = findTag(record, in: rest) {
            let afterOpen = rest[start.upperBound...]
            guard let end = afterOpen.range(of: "</" + record + ">") else { return nil }
            let body = afterOpen[..<end.lowerBound]
            guard let fields = children(body) else { return nil }
            results.append(fields)
            rest = afterOpen[end.upperBound...]
        }
        return results
    }

    /// The text of the first `<name>` element anywhere in `document`.
    static func firstValue(_ name: String, in document: String) -> String? {
        guard let start = findTag(name, in: Substring(document)) else { return nil }
        let after = document[start.upperBound...]
        guard let end = after.range(of: "</" + name + ">") else { return nil }
        return unescape(after[..<end.lowerBound])
    }

    /// `<name>` or `<name attr="...">`, not `<nameSuffix>`.
    private static func findTag(_ name: String, in text: Substring) -> Range<Substring.Index>? {
        var search = text
        while let r = search.range(of: "<" + name) {
            let after = search[r.upperBound...]
            guard let next = after.first else { return nil }
            if next == ">" { return r.lowerBound..<after.index(after: after.startIndex) }
            if next == " " || next == "\t" || next == "\n" || next == "\r", let close = after.firstIndex(of: ">") {
                return r.lowerBound..<after.index(after: close)
            }
            search = after
        }
        return nil
    }

    private static func children(_ body: Substring) -> [String: String]? {
        var fields: [String: String] = [:]
        var rest = body
        while let open = rest.firstIndex(of: "<") {
            let afterLt = rest[rest.index(after: open)...]
            guard let gt = afterLt.firstIndex(of: ">") else { return nil }
            var name = afterLt[..<gt]
            if name.hasSuffix("/") {
                fields[String(name.dropLast()).trimmingSpaces] = ""
                rest = afterLt[afterLt.index(after: gt)...]
                continue
            }
            if let space = name.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) { name = name[..<space] }
            let content = afterLt[afterLt.index(after: gt)...]
            guard let close = content.range(of: "</" + name + ">") else { return nil }
            fields[String(name)] = unescape(content[..<close.lowerBound])
            rest = content[close.upperBound...]
        }
        return fields
    }

    static func unescape(_ s: Substring) -> String {
        guard s.contains("&") else { return String(s) }
        var out = ""
        var rest = s
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: semi) <= 10 else {
                out += "&"
                rest = after
                continue
            }
            let entity = after[..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += "&" + entity + ";" }
            }
            rest = after[after.index(after: semi)...]
        }
        out += rest
        return out
    }
}
