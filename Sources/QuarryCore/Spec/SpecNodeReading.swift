import Yams

/// What the spec's readers share: problems collected with their key paths and lines, key checks
/// with "did you mean", and lookups that treat `null`/`~`/empty as absent.
protocol SpecNodeReading {
    var problems: [SpecProblem] { get set }
}

extension SpecNodeReading {
    mutating func problem(_ path: String, _ node: Node?, _ message: String, hint: String? = nil) {
        problems.append(SpecProblem(keyPath: path, line: node?.mark?.line, message: message, hint: hint))
    }

    /// Reports every key of `mapping` not in `allowed`, suggesting the closest allowed one.
    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], path: String) {
        for (key, _) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let full = path.isEmpty ? name : path + "." + name
            let hint = Suggest.closest(to: name, in: allowed).map { "did you mean `\($0)`?" } ?? "allowed here: \(allowed.joined(separator: ", "))"
            problem(full, key, "unknown key", hint: hint)
        }
    }

    func value(_ mapping: Node.Mapping, _ key: String) -> Node? {
        for (k, v) in mapping where k.string == key { return v }
        return nil
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    mutating func bool(_ mapping: Node.Mapping, _ key: String, path: String) -> Bool? {
        guard let node = value(mapping, key), !isNull(node) else { return nil }
        guard let v = node.bool else { problem(path, node, "expected true or false"); return nil }
        return v
    }
}
