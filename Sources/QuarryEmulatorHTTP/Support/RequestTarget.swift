import Foundation

/// The raw request target (`/path?query`) split into its parts, before any decoding, as SigV4
/// and S3 need it: the path exactly as sent and the query as ordered raw `name=value` pieces.
struct RawTarget: Sendable {
    /// The path as sent, percent escapes intact.
    var path: Substring
    /// The query without `?`, or empty.
    var query: Substring
    /// The query's parameters, names and values percent-decoded, in order. A parameter without `=`
    /// (`?uploads`) has an empty value.
    var parameters: [(name: String, value: String)]

    init(_ target: String) {
        let t = Substring(target)
        if let q = t.firstIndex(of: "?") {
            path = t[..<q]
            query = t[t.index(after: q)...]
        } else {
            path = t
            query = ""
        }
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        if path.isEmpty { path = "/" }
        parameters = query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            if let eq = piece.firstIndex(of: "=") {
                return (PercentCoding.decode(piece[..<eq]), PercentCoding.decode(piece[piece.index(after: eq)...]))
            }
            return (PercentCoding.decode(piece), "")
        }
    }

    /// The first value of parameter `name`, or nil.
    func parameter(_ name: String) -> String? {
        parameters.first(where: { $0.name == name })?.value
    }

    /// Whether the query has parameter `name` (with or without a value).
    func has(_ name: String) -> Bool {
        parameters.contains(where: { $0.name == name })
    }

    /// The path split on `/` with each segment percent-decoded; the leading empty segment dropped.
    var decodedSegments: [String] {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.first == "" { segments.removeFirst() }
        return segments.map { PercentCoding.decode($0) }
    }
}
