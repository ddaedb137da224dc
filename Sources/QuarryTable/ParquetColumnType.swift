internal import Parquet

/// The Parquet type of a column (physical and logical type, nullability, nested fields), kept from a
/// Parquet input so that a Parquet output writes the column with the same type.
public struct ParquetColumnType: Sendable, Hashable, CustomStringConvertible {
    /// The field's value type, which says how cell text is parsed back into values.
    let field: ParquetField
    /// The field's schema elements exactly as the input declared them (depth first, the field
    /// first): physical types, widths, logical and converted types, list and map layouts.
    let elements: [SchemaElement]

    /// The type of a top-level field read from a file, or nil when it has no writable form (a
    /// bare repeated field, FLOAT16, BSON).
    init?(node: SchemaNode) {
        guard let field = try? ParquetField(node: node) else { return nil }
        self.field = field
        var elements: [SchemaElement] = []
        Self.flatten(node, into: &elements)
        self.elements = elements
    }

    /// The type of a new field.
    init(_ field: ParquetField) throws {
        self.field = field
        elements = Array(try ParquetField.schemaElements([field]).dropFirst())
    }

    private static func flatten(_ node: SchemaNode, into out: inout [SchemaElement]) {
        out.append(node.element)
        for child in node.children { flatten(child, into: &out) }
    }

    /// The physical type of a flat field (nil for groups).
    var physicalType: PhysicalType? { elements.count == 1 ? elements[0].type : nil }

    /// The type as pyarrow would name it: `int64`, `timestamp[us, UTC]`, `decimal(9, 2)`,
    /// `list<string>`, `struct<a: int32, b: string>` (with `?` when nullable at the top).
    public var description: String {
        field.type.typeName + (field.nullable ? "?" : "")
    }
}
