/// Splits nested values into per-leaf repetition/definition levels (Dremel record shredding).
///
/// The schema is compiled once into a tree of `ShredNode` classes so the per-value work is a
/// few pointer hops (no struct copies of the schema per row).
final class ShredNode {
    enum Kind {
        case leaf(Int)
        /// LIST-annotated group: its repeated child and, for 3-level lists, the element node.
        case list(repeated: ShredNode, element: ShredNode?)
        /// MAP-annotated group: the repeated key_value group and its key and value nodes.
        case map(keyValue: ShredNode, key: ShredNode, value: ShredNode)
        case group([ShredNode])
    }

    let name: String
    let path: String
    let repetition: Repetition
    let maxDef: Int
    let maxRep: Int
    let leafRange: Range<Int>
    private(set) var kind: Kind = .group([])

    init(_ node: SchemaNode) {
        name = node.name
        path = node.path.joined(separator: ".")
        repetition = node.repetition
        maxDef = node.maxDefinitionLevel
        maxRep = node.maxRepetitionLevel
        leafRange = node.leafRange
        if node.isLeaf {
            kind = .leaf(node.leafRange.lowerBound)
            return
        }
        let e = node.element
        if e.logicalType == .list || e.convertedType == .list, node.children.count == 1, node.children[0].repetition == .repeated {
            let rep = node.children[0]
            let isElement = RecordAssembler.repeatedNodeIsElement(rep, listName: node.name)
            kind = .list(repeated: ShredNode(rep), element: isElement ? nil : ShredNode(rep.children[0]))
        } else if e.logicalType == .map || e.convertedType == .map || e.convertedType == .mapKeyValue, node.children.count == 1,
                  node.children[0].children.count == 2 {
            let kv = node.children[0]
            kind = .map(keyValue: ShredNode(kv), key: ShredNode(kv.children[0]), value: ShredNode(kv.children[1]))
        } else {
            kind = .group(node.children.map(ShredNode.init))
        }
    }
}

enum RecordShredder {
    /// Writes one occurrence of `node` holding `value`; `rep` is the repetition level of the
    /// first entry it emits, `def` the definition level reached by its parent.
    static func shred(_ node: ShredNode, _ value: ParquetValue, rep: Int, def: Int, into writers: inout [ColumnWriter]) throws {
        if node.repetition == .repeated {
            guard case .list(let items) = value else {
                if value.isNull { emitEmpty(node, rep: rep, def: def, into: &writers); return }
                throw ParquetError.invalid("field '\(node.path)' is repeated and needs a list value")
            }
            if items.isEmpty { emitEmpty(node, rep: rep, def: def, into: &writers); return }
            for (i, item) in items.enumerated() {
                try shredInstance(node, item, rep: i == 0 ? rep : node.maxRep, into: &writers)
            }
            return
        }
        if case .null = value {
            guard node.repetition == .optional else {
                throw ParquetError.invalid("field '\(node.path)' is not nullable but got null")
            }
            emitEmpty(node, rep: rep, def: def, into: &writers)
            return
        }
        try shredInstance(node, value, rep: rep, into: &writers)
    }

    @inline(__always)
    static func emitEmpty(_ node: ShredNode, rep: Int, def: Int, into writers: inout [ColumnWriter]) {
        for leaf in node.leafRange { writers[leaf].appendNull(rep: rep, def: def) }
    }

    /// Writes a defined instance of `node` (its definition level is `node.maxDef`).
    private static func shredInstance(_ node: ShredNode, _ value: ParquetValue, rep: Int, into writers: inout [ColumnWriter]) throws {
        switch node.kind {
        case .leaf(let leaf):
            try writers[leaf].append(value, rep: rep, def: node.maxDef)
        case .list(let repNode, let element):
            guard case .list(let items) = value else {
                throw ParquetError.invalid("field '\(node.path)' needs a list value, got \(ColumnWriter.kindName(value))")
            }
            if items.isEmpty { emitEmpty(repNode, rep: rep, def: node.maxDef, into: &writers); return }
            for (i, item) in items.enumerated() {
                let r = i == 0 ? rep : repNode.maxRep
                if let element {
                    try shred(element, item, rep: r, def: repNode.maxDef, into: &writers)
                } else {
                    try shredInstance(repNode, item, rep: r, into: &writers)
                }
            }
        case .map(let kv, let key, let valueNode):
            guard case .map(let entries) = value else {
                throw ParquetError.invalid("field '\(node.path)' needs a map value, got \(ColumnWriter.kindName(value))")
            }
            if entries.isEmpty { emitEmpty(kv, rep: rep, def: node.maxDef, into: &writers); return }
            for (i, entry) in entries.enumerated() {
                let r = i == 0 ? rep : kv.maxRep
                try shred(key, entry.key, rep: r, def: kv.maxDef, into: &writers)
                try shred(valueNode, entry.value, rep: r, def: kv.maxDef, into: &writers)
            }
        case .group(let children):
            guard case .group(let fields) = value else {
                throw ParquetError.invalid("field '\(node.path)' needs a group value, got \(ColumnWriter.kindName(value))")
            }
            for (i, child) in children.enumerated() {
                // Fast path: fields given in schema order.
                let v: ParquetValue
                if i < fields.count && fields[i].name == child.name {
                    v = fields[i].value
                } else {
                    v = fields.first { $0.name == child.name }?.value ?? .null
                }
                try shred(child, v, rep: rep, def: node.maxDef, into: &writers)
            }
        }
    }
}
