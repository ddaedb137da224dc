extension ParquetFileReader {
    /// A human-readable summary: rows, row groups, creator and one line per top-level field
    /// (`name: type` with `?` for nullable), e.g. for an `inspect` command.
    public var summary: String {
        var lines = ["\(name): \(rowCount) rows in \(rowGroups.count) row group\(rowGroups.count == 1 ? "" : "s")"]
        if let createdBy = metadata.createdBy { lines.append("created by \(createdBy)") }
        for f in schema.fields {
            lines.append("  \(f.name): \(f.typeDescription)\(f.repetition == .optional ? "?" : "")")
        }
        return lines.joined(separator: "\n")
    }
}
