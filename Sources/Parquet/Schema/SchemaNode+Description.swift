extension SchemaNode {
    /// A short logical type description, e.g. `string`, `list<float>`, `struct<a: int32>`,
    /// `map<string, int64>`, `timestamp[us, UTC]`, `decimal(9, 2)`.
    public var typeDescription: String {
        let base: String
        if isLeaf {
            base = Self.leafDescription(element, typeLength: Int(element.typeLength ?? 0))
        } else if let field = try? ParquetField(node: self) {
            base = field.type.typeName
        } else {
            base = "struct<" + children.map { "\($0.name): \($0.typeDescription)" }.joined(separator: ", ") + ">"
        }
        return base
    }

    static func leafDescription(_ e: SchemaElement, typeLength: Int) -> String {
        guard let type = e.type else { return "group" }
        let desc = ColumnDescriptor(index: 0, path: [e.name], physicalType: type, typeLength: typeLength, maxDefinitionLevel: 0,
                                    maxRepetitionLevel: 0, element: e)
        if let t = ParquetField.fieldType(leaf: desc) { return t.typeName }
        return "\(type)"
    }
}

extension ParquetField {
    /// The writable field equivalent to a schema node read from a file, so a file's schema can
    /// be reused for writing (e.g. to copy a table and add columns). Throws for layouts that
    /// have no `ParquetField` form (e.g. a bare repeated field, BSON, FLOAT16).
    public init(node: SchemaNode) throws {
        let nullable = node.repetition == .optional
        if node.repetition == .repeated {
            throw ParquetError.unsupported("field '\(node.name)' is a bare repeated field, which ParquetField cannot express")
        }
        if node.isLeaf {
            let desc = ColumnDescriptor(index: 0, path: node.path, physicalType: node.element.type ?? .byteArray,
                                        typeLength: Int(node.element.typeLength ?? 0), maxDefinitionLevel: 0, maxRepetitionLevel: 0,
                                        element: node.element)
            guard let t = Self.fieldType(leaf: desc) else {
                throw ParquetError.unsupported("column '\(node.path.joined(separator: "."))' has a type ParquetField cannot express")
            }
            self.init(node.name, t, nullable: nullable)
            return
        }
        let e = node.element
        if e.logicalType == .list || e.convertedType == .list, node.children.count == 1, node.children[0].repetition == .repeated {
            let rep = node.children[0]
            var element: ParquetField
            if RecordAssembler.repeatedNodeIsElement(rep, listName: node.name) {
                var copy = rep
                copy.element.repetition = .required
                element = try ParquetField(node: copy)
            } else {
                element = try ParquetField(node: rep.children[0])
            }
            element.name = "element"
            self.init(node.name, .list(element), nullable: nullable)
            return
        }
        if e.logicalType == .map || e.convertedType == .map || e.convertedType == .mapKeyValue, node.children.count == 1,
           node.children[0].children.count == 2 {
            let kv = node.children[0]
            self.init(node.name, .map(key: try ParquetField(node: kv.children[0]), value: try ParquetField(node: kv.children[1])),
                      nullable: nullable)
            return
        }
        self.init(node.name, .group(try node.children.map { try ParquetField(node: $0) }), nullable: nullable)
    }

    /// The writable fields of a file's schema.
    public static func fields(of schema: ParquetSchema) throws -> [ParquetField] {
        try schema.fields.map { try ParquetField(node: $0) }
    }

    static func fieldType(leaf c: ColumnDescriptor) -> FieldType? {
        let kind = LeafConverter(c).kind
        switch (c.physicalType, kind) {
        case (.boolean, _): return .boolean
        case (.int96, _): return .int96Timestamp
        case (.float, _): return .float
        case (.double, _): return .double
        case (_, .date): return .date
        case (_, .time(let u)): return .time(u)
        case (_, .timestamp(let u, let utc)): return .timestamp(u, isAdjustedToUTC: utc)
        case (_, .decimal(let s, let p)): return .decimal(precision: p, scale: s)
        case (_, .uuid): return .uuid
        case (_, .float16): return nil
        case (.int32, .uint32), (.int32, .uint64):
            if case .integer(let w, _)? = c.element.logicalType { return w == 8 ? .uint8 : w == 16 ? .uint16 : .uint32 }
            switch c.element.convertedType {
            case .uint8?: return .uint8
            case .uint16?: return .uint16
            default: return .uint32
            }
        case (.int64, .uint64), (.int64, .uint32): return .uint64
        case (.int32, _):
            if case .integer(let w, true)? = c.element.logicalType { return w == 8 ? .int8 : w == 16 ? .int16 : .int32 }
            switch c.element.convertedType {
            case .int8?: return .int8
            case .int16?: return .int16
            default: return .int32
            }
        case (.int64, _): return .int64
        case (.byteArray, .string):
            switch c.element.logicalType {
            case .json?: return .json
            case .enumeration?: return .enumeration
            default:
                if c.element.convertedType == .json { return .json }
                if c.element.convertedType == .enumeration { return .enumeration }
                return .string
            }
        case (.byteArray, _): return .binary
        case (.fixedLenByteArray, .string): return .string
        case (.fixedLenByteArray, _): return .fixedBinary(c.typeLength)
        }
    }
}

extension ParquetField.FieldType {
    /// The type as pyarrow names it: `int64`, `timestamp[us, UTC]`, `decimal(9, 2)`, `date32`,
    /// `fixed_size_binary[16]`, `list<float>`, `struct<a: int32, b: string>`, `map<string, int64>`.
    public var typeName: String {
        switch self {
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
        case .time(let u): "time[\(Self.unitName(u))]"
        case .timestamp(let u, let utc): "timestamp[\(Self.unitName(u))\(utc ? ", UTC" : "")]"
        case .int96Timestamp: "timestamp[ns] (INT96)"
        case .decimal(let p, let s): "decimal(\(p), \(s))"
        case .list(let e): "list<\(e.type.typeName)>"
        case .map(let k, let v): "map<\(k.type.typeName), \(v.type.typeName)>"
        case .group(let fs): "struct<" + fs.map { "\($0.name): \($0.type.typeName)" }.joined(separator: ", ") + ">"
        }
    }

    static func unitName(_ u: TimeUnit) -> String {
        switch u {
        case .milliseconds: "ms"
        case .microseconds: "us"
        case .nanoseconds: "ns"
        }
    }
}
