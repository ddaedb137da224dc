/// A node of the Parquet schema tree (a group or a leaf column).
public struct SchemaNode: Sendable, Hashable {
    /// The footer element this node was built from.
    public var element: SchemaElement
    /// Child nodes (empty for leaves).
    public var children: [SchemaNode]
    /// Path from the root's child down to this node.
    public var path: [String]
    /// Cumulative maximum definition level at this node (including it).
    public var maxDefinitionLevel: Int
    /// Cumulative maximum repetition level at this node (including it).
    public var maxRepetitionLevel: Int
    /// Indices (into `ParquetSchema.columns`) of the leaves under this node.
    public var leafRange: Range<Int>

    /// The node's name.
    public var name: String { element.name }
    /// The node's repetition (REQUIRED when absent).
    public var repetition: Repetition { element.repetition ?? .required }
    /// Whether this node is a leaf column.
    public var isLeaf: Bool { element.type != nil && element.numChildren == nil }
}

/// A leaf column of the schema: its path, physical type and level bounds.
public struct ColumnDescriptor: Sendable, Hashable {
    /// Position of the column among the leaves (and in each row group's column chunks).
    public var index: Int
    /// Path of names from the root's child to the leaf.
    public var path: [String]
    /// The physical type of the stored values.
    public var physicalType: PhysicalType
    /// Byte width for FIXED_LEN_BYTE_ARRAY (0 otherwise).
    public var typeLength: Int
    public var maxDefinitionLevel: Int
    public var maxRepetitionLevel: Int
    /// The leaf's schema element (logical type, converted type, scale...).
    public var element: SchemaElement

    /// The path joined with dots, e.g. `vec.list.element`.
    public var dottedPath: String { path.joined(separator: ".") }
}
