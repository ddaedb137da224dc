import Foundation
import HTTPTypes
import Hummingbird
import QuarryEmulator

/// ListObjectsV2 (`?list-type=2`) and ListObjects (v1), written the way S3 writes them.
extension EmulatorHandler {
    /// One page of a listing: objects and common prefixes in key order.
    struct ListingPage {
        var contents: [ObjectInfo] = []
        var commonPrefixes: [String] = []
        var isTruncated = false
        /// The last key or common prefix on the page (where the next page starts after).
        var last: String?
    }

    /// The page of `bucket` after `startAfter`, at most `maxKeys` entries (objects and common prefixes).
    func listPage(_ bucket: String, prefix: String, delimiter: String, startAfter: String, maxKeys: Int) -> ListingPage {
        var page = ListingPage()
        let keys = store.allKeys(bucket, under: prefix)
        let after = Array(startAfter.utf8)
        var index = keys.partitioningIndex { !Array($0.utf8).lexicographicallyPrecedes(after) || $0 == startAfter }
        while index < keys.count, keys[index] == startAfter { index += 1 }
        // Resuming after a common prefix: skip everything under it.
        if !delimiter.isEmpty, startAfter.hasSuffix(delimiter), startAfter.hasPrefix(prefix) {
            while index < keys.count, keys[index].hasPrefix(startAfter) { index += 1 }
        }
        var count = 0
        while index < keys.count {
            let key = keys[index]
            var commonPrefix: String?
            if !delimiter.isEmpty {
                let rest = key.dropFirst(prefix.count)
                if let r = rest.range(of: delimiter) { commonPrefix = prefix + rest[..<r.upperBound] }
            }
            if count == maxKeys {
                page.isTruncated = true
                break
            }
            if let commonPrefix {
                page.commonPrefixes.append(commonPrefix)
                page.last = commonPrefix
                while index < keys.count, keys[index].hasPrefix(commonPrefix) { index += 1 }
            } else {
                if let info = try? store.info(bucket, key) { page.contents.append(info) }
                page.last = key
                index += 1
            }
            count += 1
        }
        return page
    }

    func listObjects(_ bucket: String, target: RawTarget) async throws -> Response {
        try store.requireBucket(bucket)
        let v2 = target.parameter("list-type") == "2"
        let prefix = target.parameter("prefix") ?? ""
        let delimiter = target.parameter("delimiter") ?? ""
        let urlEncoded = target.parameter("encoding-type") == "url"
        if let encoding = target.parameter("encoding-type"), encoding != "url" {
            throw S3Error.invalidArgument("Invalid Encoding Method specified in Request")
        }
        var maxKeys = 1000
        if let text = target.parameter("max-keys") {
            guard let n = Int(text), n >= 0 else { throw S3Error.invalidArgument("Provided max-keys not an integer or within integer range") }
            maxKeys = min(n, 1000)
        }
        let continuation = target.parameter("continuation-token")
        let startAfterParam = target.parameter("start-after") ?? ""
        let marker = target.parameter("marker") ?? ""
        var startAfter = v2 ? startAfterParam : marker
        if v2, let continuation {
            guard let data = Data(base64Encoded: continuation), let decoded = String(data: data, encoding: .utf8) else {
                throw S3Error.invalidArgument("The continuation token provided is incorrect")
            }
            startAfter = decoded
        }
        let from = startAfter
        let limit = maxKeys
        let page = await Self.offload { () -> ListingPage in
            listPage(bucket, prefix: prefix, delimiter: delimiter, startAfter: from, maxKeys: limit)
        }
        func enc(_ s: String) -> String { urlEncoded ? PercentCoding.encode(s, keepSlash: true) : s }

        var xml = XMLWriter()
        xml.open("ListBucketResult", namespace: XMLWriter.s3Namespace)
        xml.element("Name", bucket)
        xml.element("Prefix", enc(prefix))
        if v2 {
            if !startAfterParam.isEmpty { xml.element("StartAfter", enc(startAfterParam)) }
            if let continuation { xml.element("ContinuationToken", continuation) }
            if page.isTruncated, let last = page.last {
                xml.element("NextContinuationToken", Data(last.utf8).base64EncodedString())
            }
            xml.element("KeyCount", String(page.contents.count + page.commonPrefixes.count))
        } else {
            xml.element("Marker", enc(marker))
            if page.isTruncated, !delimiter.isEmpty, let last = page.last { xml.element("NextMarker", enc(last)) }
        }
        xml.element("MaxKeys", String(maxKeys))
        if !delimiter.isEmpty { xml.element("Delimiter", enc(delimiter)) }
        if urlEncoded { xml.element("EncodingType", "url") }
        xml.element("IsTruncated", page.isTruncated ? "true" : "false")
        // Contents and CommonPrefixes, each in key order (S3 lists all contents first).
        for info in page.contents {
            xml.element("Contents") { w in
                w.element("Key", enc(info.key))
                w.element("LastModified", HTTPDates.iso8601(info.lastModified))
                w.element("ETag", info.etag)
                if let algorithm = info.sidecar.checksumAlgorithm { w.element("ChecksumAlgorithm", algorithm.uppercased()) }
                w.element("Size", String(info.size))
                if target.parameter("fetch-owner") == "true" || !v2 {
                    w.element("Owner") { o in
                        o.element("ID", configuration.emulator.accountId)
                        o.element("DisplayName", "quarry-emulator")
                    }
                }
                w.element("StorageClass", "STANDARD")
            }
        }
        for commonPrefix in page.commonPrefixes {
            xml.element("CommonPrefixes") { $0.element("Prefix", enc(commonPrefix)) }
        }
        xml.close("ListBucketResult")
        return Self.xmlResponse(xml)
    }
}

extension Array {
    /// The first index where `belongs` is true, for an array partitioned false-then-true.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
