extension CanonicalRequest {
    /// One query parameter, canonically encoded.
    struct QueryPair {
        var key: [UInt8]
        var value: [UInt8]

        static func areInCanonicalOrder(_ a: QueryPair, _ b: QueryPair) -> Bool {
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            return a.value.lexicographicallyPrecedes(b.value)
        }
    }

    /// The query's parameters, each key and value percent-decoded and then encoded the SigV4 way.
    /// Empty parameters (`a&&b`) are skipped; a parameter without `=` has an empty value; `+` is a literal plus.
    static func queryPairs(_ query: Substring, reservingExtra extra: Int = 0) -> [QueryPair] {
        var pairs: [QueryPair] = []
        guard !query.isEmpty || extra > 0 else { return pairs }
        let bytes = Array(query.utf8)
        pairs.reserveCapacity(extra + 4)
        for parameter in bytes.split(separator: 0x26, omittingEmptySubsequences: true) {
            let key: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = parameter.firstIndex(of: 0x3D) {
                key = parameter[parameter.startIndex..<equals]
                value = parameter[(equals + 1)...]
            } else {
                key = parameter
                value = []
            }
            pairs.append(QueryPair(key: encode(PercentEncoding.decoded(key)), value: encode(PercentEncoding.decoded(value))))
        }
        return pairs
    }

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        PercentEncoding.appendEncoded(bytes, to: &out)
        return out
    }

    /// Appends `key=value&key=value` in canonical order (sorts `pairs`).
    static func appendQuery(_ pairs: inout [QueryPair], to out: inout [UInt8]) {
        pairs.sort(by: QueryPair.areInCanonicalOrder)
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(0x26) }
            out.append(contentsOf: pair.key)
            out.append(0x3D)
            out.append(contentsOf: pair.value)
        }
    }
}
