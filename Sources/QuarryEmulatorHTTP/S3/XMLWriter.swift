/// Builds the small XML documents S3 answers with, escaping text the way S3 does.
struct XMLWriter {
    private(set) var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    static let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    mutating func open(_ name: String, namespace: String? = nil) {
        text += "<" + name
        if let namespace { text += " xmlns=\"" + namespace + "\"" }
        text += ">"
    }

    mutating func close(_ name: String) { text += "</" + name + ">" }

    /// Appends already-escaped text.
    mutating func raw(_ escaped: String) { text += escaped }

    mutating func element(_ name: String, _ value: String) {
        text += "<" + name + ">" + Self.escape(value) + "</" + name + ">"
    }

    mutating func element(_ name: String, _ body: (inout XMLWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0x0D }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
