/// Writes a scenario tree back out as block-style YAML: the scenario as run,
/// after `--set`, for the run folder.
public enum ScenarioEmitter {
    public static func emit(_ node: ScenarioNode) -> String {
        var out = ""
        write(node, indent: 0, into: &out, inline: false)
        return out
    }

    private static func write(_ node: ScenarioNode, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: "  ", count: indent)
        switch node {
        case let .scalar(s, _):
            out += quote(s) + "\n"
        case let .mapping(entries, _):
            if entries.isEmpty { out += "{}\n"; return }
            if inline { out += "\n" }
            for e in entries {
                out += pad + quote(e.key) + ":"
                if case .scalar = e.value { out += " " }
                write(e.value, indent: indent + 1, into: &out, inline: true)
            }
        case let .sequence(items, _):
            if items.isEmpty { out += "[]\n"; return }
            if inline { out += "\n" }
            for item in items {
                out += pad + "-"
                if case .scalar = item { out += " " }
                write(item, indent: indent + 1, into: &out, inline: true)
            }
        }
    }

    /// Plain when YAML would read it back the same, double-quoted otherwise.
    static func quote(_ s: String) -> String {
        let special: Set<Character> = [":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        let plain = !s.isEmpty && !s.contains(where: { special.contains($0) || $0.isNewline })
            && s.first != " " && s.last != " " && s.first != "-" && s.first != "?"
        if plain { return s }
        var q = "\""
        for c in s {
            switch c {
            case "\"": q += "\\\""
            case "\\": q += "\\\\"
            case "\n": q += "\\n"
            case "\t": q += "\\t"
            default: q.append(c)
            }
        }
        return q + "\""
    }
}
