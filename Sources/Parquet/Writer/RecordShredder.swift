/// Splits nested values into per-leaf repetition/definition levels (Dremel record shredding).
struct RecordShredder {
    /// Writes one occurrence of `node` holding `value`; `rep` is the repetition level of the
    /// first entry it emits, `def` the definition level reached by its parent.
    static func shred(_ node: SchemaNode, _ value: ParquetValue, rep: Int, def: Int, into writers: inout [ColumnWriter]) throws {
        if node.repetition == .repeated {
            guard case .list(let items) = value else {
                if value.isNull { emitEmpty(node, rep: rep, def: def, into: &writers); return }
                throw ParquetError.invalid("field '\(node.path.joined(separator: "."))' is repeated and needs a list value")
            }
            if items.isEmpty { emitEmpty(node, rep: rep, def: def, into: &writers); return }
            for (i, item) in items.enumerated() {
                try shredInstance(node, item, rep: i == 0 ? rep : node.maxRepetitionLevel, def: node.maxDefinitionLevel, into: &writers)
            }
            return
        }
        if value.isNull {
            guard node.repetition == .optional else {
                throw ParquetError.invalid("field '\(node.path.joined(separator: "."))' is not nullable but got null")
            }
            emitEmpty(node, rep: rep, def: def, into: &writers)
            return
        }
        try shredInstance(node, value, rep: rep, def: node.maxDefinitionLevel, into: &writers)
    }

    static func emitEmpty(_ node: SchemaNode, rep: Int, def: Int, into writers: inout [ColumnWriter]) {
        for leaf in node.leafRange { writers[leaf].appendNull(rep: rep, def: def) }
    }

    private static func shredInstance(_ node: SchemaNode, _ value: ParquetValue, rep: Int, def: Int, into writers: inout [ColumnWriter]) throws {
        if node.isLeaf {
            try writers[node.leafRange.lowerBound].append(value, rep: rep, def: def)
            return
        }
        let e = node.element
        if e.logicalType == .list || e.convertedType == .list, node.children.count == 1 {
            let repNode = node.children[0]
            guard case .list(let items) = value else {
                throw ParquetError.invalid("field '\(node.path.joined(separator: "."))' needs a list value, got \(ColumnWriter.kindName(value))")
            }
            if items.isEmpty { emitEmpty(repNode, rep: rep, def: def, into: &writers); return }
            let element = repNode.children.count == 1 && !RecordAssembler.repeatedNodeIsElement(repNode, listName: node.name) ? repNode.children[0] : nil
            for (i, item) in items.enumerated() {
                let r = i == 0 ? rep : repNode.maxRepetitionLevel
                if let element {
                    try shred(element, item, rep: r, def: repNode.maxDefinitionLevel, into: &writers)
                } else {
                    try shredInstance(repNode, item, rep: r, def: repNode.maxDefinitionLevel, into: &writers)
                }
            }
            return
        }
        if e.logicalType == .map || e.convertedType == .map, node.children.count == 1, node.children[0].children.count == 2 {
            let kv = node.children[0]
            guard case .map(let entries) = value else {
                throw ParquetError.invalid("field '\(node.path.joined(separator: "."))' needs a map value, got \(ColumnWriter.kindName(value))")
            }
            if entries.isEmpty { emitEmpty(kv, rep: rep, def: def, into: &writers); return }
            for (i, entry) in entries.enumerated() {
                let r = i == 0 ? rep : kv.maxRepetitionLevel
                try shred(kv.children[0], entry.key, rep: r, def: kv.maxDefinitionLevel, into: &writers)
                try shred(kv.children[1], entry.value, rep: r, def: kv.maxDefinitionLevel, into: &writers)
            }
            return
        }
        guard case .group(let fields) = value else {
            throw ParquetError.invalid("field '\(node.path.joined(separator: "."))' needs a group value, got \(ColumnWriter.kindName(value))")
        }
        for (i, child) in node.children.enumerated() {
            // Fast path: fields given in schema order.
            let v: ParquetValue
            if i < fields.count && fields[i].name == child.name {
                v = fields[i].value
            } else {
                v = fields.first { $0.name == child.name }?.value ?? .null
            }
            try shred(child, v, rep: rep, def: def, into: &writers)
        }
    }
}
