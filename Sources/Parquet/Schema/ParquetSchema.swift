/// The schema of a Parquet file: a tree of nodes and its flattened list of leaf columns.
public struct ParquetSchema: Sendable, Hashable {
    /// The root group (its children are the top-level fields).
    public let root: SchemaNode
    /// Leaf columns in depth-first order (the order of column chunks in a row group).
    public let columns: [ColumnDescriptor]
    /// The footer elements, depth-first.
    public let elements: [SchemaElement]

    /// Maximum nesting depth accepted when reading a schema.
    public static let maxDepth = 64

    /// The top-level fields.
    public var fields: [SchemaNode] { root.children }

    /// Builds the tree from the flattened footer elements, validating child counts and depth.
    public init(elements: [SchemaElement]) throws {
        guard let first = elements.first else { throw ParquetError.corrupt("the schema is empty") }
        var index = 1
        var columns: [ColumnDescriptor] = []
        let rootChildren = Int(first.numChildren ?? 0)
        guard rootChildren >= 0, rootChildren <= elements.count - 1 else {
            throw ParquetError.corrupt("the schema root claims \(rootChildren) children but only \(elements.count - 1) elements follow")
        }
        var children: [SchemaNode] = []
        for _ in 0..<rootChildren {
            children.append(try Self.build(elements, &index, parentPath: [], def: 0, rep: 0, depth: 1, columns: &columns))
        }
        guard index == elements.count else {
            throw ParquetError.corrupt("the schema has \(elements.count - index) elements not reachable from the root")
        }
        self.root = SchemaNode(element: first, children: children, path: [], maxDefinitionLevel: 0,
                               maxRepetitionLevel: 0, leafRange: 0..<columns.count)
        self.columns = columns
        self.elements = elements
    }

    private static func build(_ elements: [SchemaElement], _ index: inout Int, parentPath: [String], def: Int, rep: Int,
                              depth: Int, columns: inout [ColumnDescriptor]) throws -> SchemaNode {
        guard depth <= maxDepth else { throw ParquetError.corrupt("the schema is nested deeper than \(maxDepth) levels") }
        guard index < elements.count else { throw ParquetError.corrupt("the schema ends before all children were read") }
        let e = elements[index]
        index += 1
        let repetition = e.repetition ?? .required
        let d = def + (repetition == .required ? 0 : 1)
        let r = rep + (repetition == .repeated ? 1 : 0)
        let path = parentPath + [e.name]
        let firstLeaf = columns.count
        if let n = e.numChildren {
            guard n >= 0, Int(n) <= elements.count - index else {
                throw ParquetError.corrupt("schema group '\(e.name)' claims \(n) children but only \(elements.count - index) elements follow")
            }
            var children: [SchemaNode] = []
            children.reserveCapacity(Int(n))
            for _ in 0..<Int(n) {
                children.append(try build(elements, &index, parentPath: path, def: d, rep: r, depth: depth + 1, columns: &columns))
            }
            return SchemaNode(element: e, children: children, path: path, maxDefinitionLevel: d, maxRepetitionLevel: r,
                              leafRange: firstLeaf..<columns.count)
        }
        guard let type = e.type else {
            if let raw = e.unknownTypeID { throw ParquetError.unsupported("column '\(path.joined(separator: "."))' has unknown physical type \(raw)") }
            throw ParquetError.corrupt("schema element '\(e.name)' has neither a type nor children")
        }
        var width = 0
        if type == .fixedLenByteArray {
            guard let tl = e.typeLength, tl > 0, tl <= 1 << 24 else {
                throw ParquetError.corrupt("FIXED_LEN_BYTE_ARRAY column '\(path.joined(separator: "."))' has an invalid type_length")
            }
            width = Int(tl)
        }
        columns.append(ColumnDescriptor(index: columns.count, path: path, physicalType: type, typeLength: width,
                                        maxDefinitionLevel: d, maxRepetitionLevel: r, element: e))
        return SchemaNode(element: e, children: [], path: path, maxDefinitionLevel: d, maxRepetitionLevel: r,
                          leafRange: firstLeaf..<columns.count)
    }

    /// Resolves column names to leaf indices: each name is a top-level field (all its leaves)
    /// or a dotted leaf path. Nil selects every column.
    public func leafIndices(for names: [String]?) throws -> [Int] {
        guard let names else { return Array(columns.indices) }
        var out: [Int] = []
        var seen = Set<Int>()
        for name in names {
            var found: [Int] = []
            if let f = fields.first(where: { $0.name == name }) {
                found = Array(f.leafRange)
            } else if let c = columns.first(where: { $0.dottedPath == name }) {
                found = [c.index]
            } else {
                let known = fields.map(\.name).joined(separator: ", ")
                throw ParquetError.invalid("no column named '\(name)' (columns: \(known))")
            }
            for i in found where seen.insert(i).inserted { out.append(i) }
        }
        return out.sorted()
    }
}
