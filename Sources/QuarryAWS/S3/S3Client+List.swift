import Foundation

extension S3Client {
    /// One page of keys (ListObjectsV2, `encoding-type=url` so any key survives the XML; keys come back decoded).
    ///
    /// - Parameters:
    ///   - prefix: Only keys that start with it.
    ///   - delimiter: Group keys up to the next delimiter into ``S3ListObjectsPage/commonPrefixes`` (usually `/`).
    ///   - continuationToken: The previous page's ``S3ListObjectsPage/nextContinuationToken``.
    ///   - maxKeys: At most this many keys (S3 caps it at 1,000).
    ///   - startAfter: Only keys after this one.
    public func listObjectsV2(bucket: String, prefix: String? = nil, delimiter: String? = nil,
                              continuationToken: String? = nil, maxKeys: Int? = nil,
                              startAfter: String? = nil) async throws -> S3ListObjectsPage {
        var query: [(String, String?)] = [("list-type", "2"), ("encoding-type", "url")]
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        if let prefix { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        let response = try await send(try request("ListObjectsV2", "GET", bucket: bucket, query: query))
        let root = try Self.xml(response, operation: "ListObjectsV2")
        let encoded = root.string("EncodingType") == "url"
        func decode(_ text: String) -> String { encoded ? AWSPercentEncoding.decode(text, plusIsSpace: true) : text }
        var objects: [S3ObjectSummary] = []
        for node in root.children("Contents") {
            guard let key = node.string("Key") else { continue }
            objects.append(S3ObjectSummary(key: decode(key), size: node.string("Size").flatMap { Int64($0) } ?? 0,
                                           eTag: Self.unquote(node.string("ETag")),
                                           lastModified: node.string("LastModified").flatMap(ISO8601.parse),
                                           storageClass: node.string("StorageClass")))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.string("Prefix").map(decode) }
        let truncated = root.string("IsTruncated") == "true"
        let token = root.string("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        if truncated && token == nil {
            throw AWSError(kind: .invalidResponse, code: "MissingContinuationToken",
                           message: "S3 said the listing is truncated but gave no continuation token",
                           requestId: response.requestId, operation: "S3.ListObjectsV2")
        }
        return S3ListObjectsPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: truncated ? token : nil,
                                 isTruncated: truncated)
    }

    /// Every page of a listing, fetched as the sequence is iterated.
    public func listObjectsV2Pages(bucket: String, prefix: String? = nil, delimiter: String? = nil,
                                   maxKeys: Int? = nil) -> S3ListObjectsPages {
        S3ListObjectsPages(client: self, bucket: bucket, prefix: prefix, delimiter: delimiter, maxKeys: maxKeys)
    }

    /// Every object under `prefix`, all pages, in key order.
    public func listAllObjects(bucket: String, prefix: String? = nil) async throws -> [S3ObjectSummary] {
        var objects: [S3ObjectSummary] = []
        for try await page in listObjectsV2Pages(bucket: bucket, prefix: prefix) { objects += page.objects }
        return objects
    }
}

/// The pages of a ListObjectsV2 listing, following continuation tokens until the last page.
public struct S3ListObjectsPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = S3ListObjectsPage

    let client: S3Client
    let bucket: String
    let prefix: String?
    let delimiter: String?
    let maxKeys: Int?

    /// Fetches pages one by one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let pages: S3ListObjectsPages
        var token: String?
        var done = false

        /// The next page, or `nil` after the last.
        public mutating func next() async throws -> S3ListObjectsPage? {
            guard !done else { return nil }
            let page = try await pages.client.listObjectsV2(bucket: pages.bucket, prefix: pages.prefix, delimiter: pages.delimiter,
                                                            continuationToken: token, maxKeys: pages.maxKeys)
            token = page.nextContinuationToken
            done = token == nil
            return page
        }
    }

    /// Starts at the first page.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: self) }
}
