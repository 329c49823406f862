import Yams

/// `--set path=value`: grafts a value into the scenario tree before it is read.
///
/// Paths are dotted field names; a list element is picked by its index or by its
/// `name` (`workloads.orders.rate`). Missing mappings are created, so any field
/// can be set even where the file relies on its default. The value is YAML, so
/// `--set 'workloads.0.rate={constant: {rate: 50, duration: 1m}}'` works; `null`
/// (or `~`) removes the field, giving it back its default.
public enum ScenarioOverrides {
    public static func apply(_ overrides: [String], to root: inout ScenarioNode, file: String) throws(ScenarioErrors) {
        var issues: [ScenarioIssue] = []
        for text in overrides {
            func issue(_ message: String) {
                issues.append(ScenarioIssue(file: file, location: .init(line: nil, column: nil, override: text), field: "", message: message))
            }
            guard let eq = text.firstIndex(of: "=") else { issue("expected path=value"); continue }
            let path = text[..<eq].split(separator: ".").map(String.init)
            guard !path.isEmpty, !path.contains(where: \.isEmpty) else { issue("the path is empty or has an empty part"); continue }
            let valueText = String(text[text.index(after: eq)...])
            let value: ScenarioNode
            do {
                if let node = try Yams.compose(yaml: valueText) {
                    if let message = ScenarioLoader.tooLarge(node) { issue("the value " + message); continue }
                    value = ScenarioNode(node, override: text)
                } else {
                    value = .scalar("", .init(line: nil, column: nil, override: text))
                }
            } catch {
                issue("the value is not valid YAML")
                continue
            }
            if let problem = graft(value, at: path[...], into: &root, override: text) { issue(problem) }
        }
        if !issues.isEmpty { throw ScenarioErrors(issues: issues) }
    }

    /// Puts `value` at `path`; returns a problem, or nil.
    static func graft(_ value: ScenarioNode, at path: ArraySlice<String>, into node: inout ScenarioNode, override: String) -> String? {
        guard let head = path.first else {
            node = value
            return nil
        }
        let rest = path.dropFirst()
        let here = ScenarioNode.Location(line: nil, column: nil, override: override)
        switch node {
        case .mapping(var entries, let location):
            if rest.isEmpty, case let .scalar(text, _) = value, text == "null" || text == "~" {
                entries.removeAll { $0.key == head }
                node = .mapping(entries, location)
                return nil
            }
            if let i = entries.firstIndex(where: { $0.key == head }) {
                if let problem = graft(value, at: rest, into: &entries[i].value, override: override) { return problem }
            } else {
                var fresh = ScenarioNode.mapping([], here)
                if let problem = graft(value, at: rest, into: &fresh, override: override) { return problem }
                entries.append(.init(key: head, keyLocation: here, value: fresh))
            }
            node = .mapping(entries, location)
            return nil
        case .sequence(var items, let location):
            let index = Int(head) ?? items.firstIndex { item in
                if case let .mapping(entries, _) = item, let name = entries.first(where: { $0.key == "name" }),
                   case let .scalar(s, _) = name.value { return s == head }
                return false
            }
            guard let i = index, items.indices.contains(i) else {
                return "no list element '\(head)' (use an index from 0 to \(items.count - 1), or an element's name)"
            }
            if let problem = graft(value, at: rest, into: &items[i], override: override) { return problem }
            node = .sequence(items, location)
            return nil
        case .scalar:
            if case let .scalar(s, _) = node, s.isEmpty {
                node = .mapping([], here)
                return graft(value, at: path, into: &node, override: override)
            }
            return "'\(head)' is inside a single value, which has no fields"
        }
    }
}
