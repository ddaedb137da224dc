/// A set of byte offsets kept as sorted, disjoint, non-adjacent half-open ranges: which parts of a
/// cached object are present, and which a reader needs.
struct ByteRanges: Sendable, Equatable, Codable {
    /// The ranges, sorted and merged.
    private(set) var ranges: [Range<Int>] = []

    init() {}

    init(_ ranges: some Sequence<Range<Int>>) {
        for r in ranges { insert(r) }
    }

    /// Bytes covered.
    var count: Int { ranges.reduce(0) { $0 + $1.count } }
    var isEmpty: Bool { ranges.isEmpty }

    /// Adds a range, merging it with ranges it overlaps or touches.
    mutating func insert(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var lower = range.lowerBound, upper = range.upperBound
        var kept: [Range<Int>] = []
        kept.reserveCapacity(ranges.count + 1)
        var placed = false
        for r in ranges {
            if r.upperBound < lower {
                kept.append(r)
            } else if r.lowerBound > upper {
                if !placed { kept.append(lower..<upper); placed = true }
                kept.append(r)
            } else {
                lower = Swift.min(lower, r.lowerBound)
                upper = Swift.max(upper, r.upperBound)
            }
        }
        if !placed { kept.append(lower..<upper) }
        ranges = kept
    }

    mutating func formUnion(_ other: ByteRanges) { for r in other.ranges { insert(r) } }

    /// Whether every byte of `range` is in the set.
    func contains(_ range: Range<Int>) -> Bool {
        range.isEmpty || ranges.contains { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }
    }

    /// The parts of `self` not in `other`.
    func subtracting(_ other: ByteRanges) -> ByteRanges {
        var out = ByteRanges()
        for r in ranges {
            var start = r.lowerBound
            for o in other.ranges where o.upperBound > start && o.lowerBound < r.upperBound {
                if o.lowerBound > start { out.ranges.append(start..<o.lowerBound) }
                start = Swift.max(start, o.upperBound)
            }
            if start < r.upperBound { out.ranges.append(start..<r.upperBound) }
        }
        return out
    }

    /// Requests to make: ranges closer than `gap` joined (fewer requests for a little more data), then
    /// cut into pieces of at most `maxPiece` bytes (parallel requests, bounded retries).
    func requests(gap: Int, maxPiece: Int) -> [Range<Int>] {
        var joined: [Range<Int>] = []
        for r in ranges {
            if let last = joined.last, r.lowerBound - last.upperBound <= gap {
                joined[joined.count - 1] = last.lowerBound..<r.upperBound
            } else {
                joined.append(r)
            }
        }
        var out: [Range<Int>] = []
        let piece = Swift.max(1, maxPiece)
        for r in joined {
            var start = r.lowerBound
            while start < r.upperBound {
                let end = Swift.min(r.upperBound, start + piece)
                out.append(start..<end)
                start = end
            }
        }
        return out
    }
}
