import Foundation

/// The Hub API's JSON answers that Quarry reads, and its URLs.
enum HubAPI {
    /// `GET /api/datasets/{repo}/revision/{revision}`: the commit a revision points at.
    struct RevisionInfo: Decodable {
        var sha: String
    }

    /// One entry of `GET /api/datasets/{repo}/tree/{revision}/{path}`.
    struct TreeEntry: Decodable {
        struct LFS: Decodable {
            var oid: String
            var size: Int
        }
        var type: String
        var path: String
        var size: Int?
        var oid: String?
        var lfs: LFS?
    }

    /// `{"error": "..."}`, the body of the Hub's error answers.
    struct ErrorBody: Decodable {
        var error: String?
    }

    /// Percent-encodes one path segment (a revision such as `refs/convert/parquet` is one segment).
    static func segment(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// A path in the repository with each segment encoded.
    static func path(_ p: String) -> String {
        p.split(separator: "/", omittingEmptySubsequences: false).map { segment(String($0)) }.joined(separator: "/")
    }

    static func repoPath(_ repo: String) -> String { path(repo) }

    static func revisionURL(endpoint: String, repo: String, revision: String) -> String {
        "\(endpoint)/api/datasets/\(repoPath(repo))/revision/\(segment(revision))"
    }

    static func treeURL(endpoint: String, repo: String, revision: String, path p: String) -> String {
        let suffix = p.isEmpty ? "" : "/" + path(p)
        return "\(endpoint)/api/datasets/\(repoPath(repo))/tree/\(segment(revision))\(suffix)"
    }

    static func resolveURL(endpoint: String, repo: String, revision: String, path p: String) -> String {
        "\(endpoint)/datasets/\(repoPath(repo))/resolve/\(segment(revision))/\(path(p))"
    }

    /// The `rel="next"` URL of a `Link` header (the tree listing is paginated).
    static func nextLink(_ header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = fields.first, first.hasPrefix("<"), first.hasSuffix(">") else { continue }
            if fields.dropFirst().contains(where: { $0.replacingOccurrences(of: "\"", with: "") == "rel=next" }) {
                return String(first.dropFirst().dropLast())
            }
        }
        return nil
    }

    /// Whether `s` is a full commit sha.
    static func isCommitSha(_ s: String) -> Bool {
        s.count == 40 && s.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
