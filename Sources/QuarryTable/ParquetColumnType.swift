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
        Self.describe(field.type) + (field.nullable ? "?" : "")
    }

    static func describe(_ t: ParquetField.FieldType) -> String {
        switch t {
        case .boolean: "bool"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float: "float"
        case .double: "double"
        case .string: "string"
        case .json: "json"
        case .enumeration: "enum"
        case .binary: "binary"
        case .fixedBinary(let n): "fixed_size_binary[\(n)]"
        case .uuid: "uuid"
        case .date: "date32"
        case .time(let u): "time[\(unit(u))]"
        case .timestamp(let u, let utc): "timestamp[\(unit(u))\(utc ? ", UTC" : "")]"
        case .int96Timestamp: "timestamp[ns] (INT96)"
        case .decimal(let p, let s): "decimal(\(p), \(s))"
        case .list(let e): "list<\(describe(e.type))>"
        case .map(let k, let v): "map<\(describe(k.type)), \(describe(v.type))>"
        case .group(let fs): "struct<" + fs.map { "\($0.name): \(describe($0.type))" }.joined(separator: ", ") + ">"
        }
    }

    static func unit(_ u: TimeUnit) -> String {
        switch u {
        case .milliseconds: "ms"
        case .microseconds: "us"
        case .nanoseconds: "ns"
        }
    }
}
