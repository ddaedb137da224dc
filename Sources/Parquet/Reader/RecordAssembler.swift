/// Rebuilds nested values (rows) from the repetition/definition levels of leaf columns.
///
/// Each call reads one instance of a schema node from the current position of every leaf
/// below it; a null or empty node consumes exactly one entry of each leaf. Every access is
/// bounds-checked so inconsistent levels raise an error instead of crashing.
struct RecordAssembler {
    let schema: ParquetSchema
    /// Column data by leaf index (nil for leaves that were not read).
    private var data: [ColumnData?]
    private var converters: [LeafConverter?]
    private var entryPos: [Int]
    private var valuePos: [Int]

    init(schema: ParquetSchema, columns: [ColumnData]) {
        self.schema = schema
        let n = schema.columns.count
        var d = [ColumnData?](repeating: nil, count: n)
        var c = [LeafConverter?](repeating: nil, count: n)
        for col in columns where col.descriptor.index < n {
            d[col.descriptor.index] = col
            c[col.descriptor.index] = LeafConverter(col.descriptor)
        }
        data = d
        converters = c
        entryPos = Array(repeating: 0, count: n)
        valuePos = Array(repeating: 0, count: n)
    }

    /// Values of a top-level leaf field for every row (fast path without recursion).
    mutating func readLeafColumn(_ node: SchemaNode, rows: Int) throws -> [ParquetValue] {
        let leaf = node.leafRange.lowerBound
        let c = try column(leaf)
        guard c.entryCount == rows, c.repetitionLevels.isEmpty else { throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has \(c.entryCount) entries for \(rows) rows") }
        guard let conv = converters[leaf] else { return [] }
        let maxDef = c.descriptor.maxDefinitionLevel
        var out: [ParquetValue] = []
        out.reserveCapacity(rows)
        var v = 0
        let count = c.values.count
        try c.definitionLevels.withUnsafeBufferPointer { defs in
            for i in 0..<rows {
                if !defs.isEmpty && Int(defs[i]) != maxDef {
                    guard node.repetition == .optional else {
                        throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has a null where its schema requires a value")
                    }
                    out.append(.null)
                } else {
                    guard v < count else { throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has fewer values than its levels say") }
                    out.append(conv.value(c.values, v))
                    v += 1
                }
            }
        }
        entryPos[leaf] = rows
        valuePos[leaf] = v
        return out
    }

    /// Whether every leaf under `node` was projected.
    func hasAllLeaves(_ node: SchemaNode) -> Bool {
        node.leafRange.allSatisfy { $0 < data.count && data[$0] != nil }
    }

    private func column(_ leaf: Int) throws -> ColumnData {
        guard leaf < data.count, let c = data[leaf] else { throw ParquetError.invalid("column \(leaf) was not read") }
        return c
    }

    private func defLevel(_ leaf: Int) throws -> Int {
        let c = try column(leaf)
        let e = entryPos[leaf]
        guard e < c.entryCount else { throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has fewer level entries than its siblings") }
        return c.definitionLevels.isEmpty ? c.descriptor.maxDefinitionLevel : Int(c.definitionLevels[e])
    }

    private func repLevel(_ leaf: Int) throws -> Int? {
        let c = try column(leaf)
        let e = entryPos[leaf]
        guard e < c.entryCount else { return nil }
        return c.repetitionLevels.isEmpty ? 0 : Int(c.repetitionLevels[e])
    }

    private mutating func skip(_ node: SchemaNode) {
        for leaf in node.leafRange { entryPos[leaf] += 1 }
    }

    /// Reads one occurrence of `node` (handles its own repetition).
    mutating func readField(_ node: SchemaNode) throws -> ParquetValue {
        if node.repetition == .repeated {
            return .list(try readRepeated(node) { try $0.readInstance(node) })
        }
        if node.repetition == .optional {
            if try defLevel(node.leafRange.lowerBound) < node.maxDefinitionLevel {
                skip(node)
                return .null
            }
        }
        return try readInstance(node)
    }

    private mutating func readRepeated<T>(_ node: SchemaNode, _ element: (inout RecordAssembler) throws -> T) throws -> [T] {
        let first = node.leafRange.lowerBound
        if try defLevel(first) < node.maxDefinitionLevel {
            skip(node)
            return []
        }
        var out: [T] = []
        while true {
            let before = entryPos[first]
            out.append(try element(&self))
            guard entryPos[first] > before else { throw ParquetError.corrupt("record assembly made no progress") }
            guard let r = try repLevel(first), r == node.maxRepetitionLevel else { break }
            // A continuation must itself be defined at this level.
            if try defLevel(first) < node.maxDefinitionLevel { break }
        }
        return out
    }

    /// Reads a defined instance of `node`.
    mutating func readInstance(_ node: SchemaNode) throws -> ParquetValue {
        if node.isLeaf {
            let leaf = node.leafRange.lowerBound
            let c = try column(leaf)
            let e = entryPos[leaf]
            guard e < c.entryCount else { throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' ran out of level entries") }
            let d = c.definitionLevels.isEmpty ? c.descriptor.maxDefinitionLevel : Int(c.definitionLevels[e])
            entryPos[leaf] = e + 1
            guard d == c.descriptor.maxDefinitionLevel else {
                throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has a null where its schema requires a value")
            }
            let v = valuePos[leaf]
            guard v < c.values.count else { throw ParquetError.corrupt("column '\(c.descriptor.dottedPath)' has fewer values than its levels say") }
            valuePos[leaf] = v + 1
            return converters[leaf]?.value(c.values, v) ?? .null
        }
        let e = node.element
        let isList = e.logicalType == .list || e.convertedType == .list
        let isMap = e.logicalType == .map || e.convertedType == .map || e.convertedType == .mapKeyValue
        if isList, node.children.count == 1, node.children[0].repetition == .repeated {
            let rep = node.children[0]
            if Self.repeatedNodeIsElement(rep, listName: node.name) {
                return .list(try readRepeated(rep) { try $0.readInstance(rep) })
            }
            let elem = rep.children[0]
            return .list(try readRepeated(rep) { try $0.readField(elem) })
        }
        if isMap, node.children.count == 1, node.children[0].repetition == .repeated, !node.children[0].children.isEmpty {
            let kv = node.children[0]
            let keyNode = kv.children[0]
            let valueNode: SchemaNode? = kv.children.count > 1 ? kv.children[1] : nil
            let entries = try readRepeated(kv) { a -> ParquetValue.MapEntry in
                let k = try a.readField(keyNode)
                let v = try valueNode.map { try a.readField($0) } ?? .null
                return ParquetValue.MapEntry(key: k, value: v)
            }
            return .map(entries)
        }
        var fields: [ParquetValue.NamedValue] = []
        fields.reserveCapacity(node.children.count)
        for child in node.children {
            fields.append(ParquetValue.NamedValue(name: child.name, value: try readField(child)))
        }
        return .group(fields)
    }

    /// LogicalTypes.md backward-compatibility rules for LIST.
    static func repeatedNodeIsElement(_ rep: SchemaNode, listName: String) -> Bool {
        if rep.isLeaf { return true }
        if rep.children.count != 1 { return true }
        if rep.name == "array" || rep.name == listName + "_tuple" { return true }
        if rep.children[0].repetition == .repeated { return true }
        return false
    }
}
