/// One column of a ``RowBatch``, stored contiguously: every cell's bytes back to back in ``bytes``,
/// where cell `i` is `bytes[ends[i - 1] ..< ends[i]]` (from 0 for the first cell), and its kind in
/// ``kinds``. Null cells have no bytes.
///
/// Reading a cell does not create a `String`: use ``withCell(_:_:)`` on hot paths and ``text(_:)``
/// where convenience matters more.
public struct ColumnData: Sendable {
    /// Every cell's bytes, back to back.
    public var bytes: [UInt8]
    /// End offset (exclusive) of each cell in ``bytes``.
    public var ends: [Int]
    /// Each cell's kind.
    public var kinds: [CellKind]

    /// Creates an empty column with room for `cells` cells of `bytes` bytes in total.
    public init(reservingCells cells: Int = 0, bytes byteCapacity: Int = 0) {
        bytes = []
        ends = []
        kinds = []
        if byteCapacity > 0 { bytes.reserveCapacity(byteCapacity) }
        if cells > 0 {
            ends.reserveCapacity(cells)
            kinds.reserveCapacity(cells)
        }
    }

    /// Creates a column of string cells; nil elements become null cells.
    public init(strings: [String?]) {
        self.init(reservingCells: strings.count)
        for s in strings {
            if let s { appendString(s) } else { appendNull() }
        }
    }

    /// Number of cells.
    @inlinable public var count: Int { ends.count }

    /// Whether the column has no cells.
    @inlinable public var isEmpty: Bool { ends.isEmpty }

    /// The byte range of cell `i` in ``bytes``.
    @inlinable public func range(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : ends[i - 1]) ..< ends[i]
    }

    /// The kind of cell `i`.
    @inlinable public func kind(_ i: Int) -> CellKind { kinds[i] }

    /// Appends a cell of `kind` holding `bytes` (ignored for ``CellKind/null``).
    @inlinable public mutating func append(kind: CellKind, bytes cell: UnsafeBufferPointer<UInt8>) {
        if kind != .null, cell.count > 0 { bytes.append(contentsOf: cell) }
        ends.append(bytes.count)
        kinds.append(kind)
    }

    /// Appends a null cell.
    @inlinable public mutating func appendNull() {
        ends.append(bytes.count)
        kinds.append(.null)
    }

    /// Appends a string cell.
    public mutating func appendString(_ s: String) {
        var s = s
        s.withUTF8 { append(kind: .string, bytes: $0) }
    }

    /// Appends a number cell holding `value`'s decimal digits (no `String` in between).
    public mutating func appendInteger(_ value: Int) {
        var v = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            } while v > 0
            if value < 0 { bytes.append(0x2D) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
        ends.append(bytes.count)
        kinds.append(.number)
    }

    /// Appends a cell of `kind` whose text is `text` (a number's or a JSON value's JSON text).
    public mutating func append(kind: CellKind, text: String) {
        var text = text
        text.withUTF8 { append(kind: kind, bytes: $0) }
    }

    /// Appends cell `i` of `other`.
    public mutating func appendCell(from other: ColumnData, at i: Int) {
        other.withCell(i) { kind, cell in append(kind: kind, bytes: cell) }
    }

    /// Calls `body` with the kind and bytes of cell `i`. The buffer is valid only inside `body`.
    @inlinable public func withCell<R, E: Error>(
        _ i: Int, _ body: (CellKind, UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        let r = range(i)
        let kind = kinds[i]
        return try bytes.withUnsafeBufferPointer { p throws(E) -> R in
            let cell = r.isEmpty ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : UnsafeBufferPointer(rebasing: p[r])
            return try body(kind, cell)
        }
    }

    /// The text of cell `i` (for numbers, bools and JSON: their JSON text; for bytes: base64), or
    /// nil for a null cell.
    public func text(_ i: Int) -> String? {
        switch kinds[i] {
        case .null: return nil
        case .bytes: return withCell(i) { _, cell in Base64Text.encodeToString(cell) }
        default: return String(decoding: bytes[range(i)], as: UTF8.self)
        }
    }

    /// Calls `body` with the text of cell `i` as UTF-8 (base64 for a ``CellKind/bytes`` cell; empty
    /// for null). The buffer is valid only inside `body`.
    public func withText<R>(_ i: Int, _ body: (CellKind, UnsafeBufferPointer<UInt8>) -> R) -> R {
        withCell(i) { kind, cell in
            guard kind == .bytes else { return body(kind, cell) }
            var encoded: [UInt8] = []
            Base64Text.encode(cell, into: &encoded)
            return encoded.withUnsafeBufferPointer { body(kind, $0) }
        }
    }

    /// Removes every cell, by default keeping the storage for the next batch.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
        ends.removeAll(keepingCapacity: keepingCapacity)
        kinds.removeAll(keepingCapacity: keepingCapacity)
    }
}
