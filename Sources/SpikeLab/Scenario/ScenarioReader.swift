import SpikeLabCore

/// Reads typed values out of a `ScenarioNode` tree and collects every issue,
/// each with its file, line and field. Nothing here throws: a bad value is
/// recorded and skipped, so one pass reports all that is wrong.
final class ScenarioReader {
    let file: String
    private(set) var issues: [ScenarioIssue] = []
    /// What is allowed but likely a mistake; the scenario still loads.
    private(set) var warnings: [ScenarioIssue] = []

    init(file: String) { self.file = file }

    func fail(_ node: ScenarioNode?, _ field: String, _ message: String) {
        issues.append(ScenarioIssue(file: file, location: node?.location ?? .unknown, field: field, message: message))
    }

    func warn(_ node: ScenarioNode?, _ field: String, _ message: String) {
        warnings.append(ScenarioIssue(file: file, location: node?.location ?? .unknown, field: field, message: message))
    }

    func fail(at location: ScenarioNode.Location, _ field: String, _ message: String) {
        issues.append(ScenarioIssue(file: file, location: location, field: field, message: message))
    }

    /// An issue in another file the scenario names (a trace CSV).
    func fail(inFile other: String, line: Int, _ field: String, _ message: String) {
        issues.append(ScenarioIssue(file: other, location: .init(line: line, column: nil, override: nil), field: field, message: message))
    }

    /// A mapping's fields, checked against the keys allowed there. With
    /// `extensions`, keys that begin `x-` are passed over (as Compose files do),
    /// a place to define YAML anchors that the fields then refer to.
    func mapping(_ node: ScenarioNode, _ path: String, allowed: [String], extensions: Bool = false) -> Fields? {
        guard case let .mapping(entries, _) = node else {
            fail(node, path, "must be a mapping of fields, not \(node.kindName)")
            return nil
        }
        var seen: [String: ScenarioNode] = [:]
        for entry in entries {
            if extensions && entry.key.hasPrefix("x-") { continue }
            let fieldPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            if !allowed.contains(entry.key) {
                let hint = Self.closest(to: entry.key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                fail(at: entry.keyLocation, fieldPath, allowed.isEmpty ? "unknown field; nothing is allowed here"
                                                                       : "unknown field\(hint); allowed here: \(allowed.joined(separator: ", "))")
                continue
            }
            if seen[entry.key] != nil {
                fail(at: entry.keyLocation, fieldPath, "given twice")
            }
            seen[entry.key] = entry.value
        }
        return Fields(reader: self, path: path, node: node, values: seen)
    }

    /// A list's elements.
    func list(_ node: ScenarioNode, _ path: String) -> [ScenarioNode]? {
        guard case let .sequence(items, _) = node else {
            fail(node, path, "must be a list, not \(node.kindName)")
            return nil
        }
        return items
    }

    func scalar(_ node: ScenarioNode, _ path: String, _ what: String) -> String? {
        guard case let .scalar(text, _) = node else {
            fail(node, path, "must be \(what), not \(node.kindName)")
            return nil
        }
        return text
    }

    func string(_ node: ScenarioNode, _ path: String) -> String? {
        guard let s = scalar(node, path, "a string") else { return nil }
        guard !s.isEmpty else { fail(node, path, "must not be empty"); return nil }
        return s
    }

    func int(_ node: ScenarioNode, _ path: String, _ range: ClosedRange<Int>) -> Int? {
        guard let s = scalar(node, path, "a whole number") else { return nil }
        let cleaned = s.replacingUnderscores
        guard let v = Int(cleaned) ?? Double(cleaned).flatMap({ $0.rounded() == $0 && abs($0) < 9e18 ? Int($0) : nil }) else {
            fail(node, path, "'\(s)' is not a whole number")
            return nil
        }
        guard range.contains(v) else {
            fail(node, path, Self.rangeMessage(s, range.lowerBound, range.upperBound))
            return nil
        }
        return v
    }

    func double(_ node: ScenarioNode, _ path: String, min: Double = 0, max: Double = .greatestFiniteMagnitude) -> Double? {
        guard let s = scalar(node, path, "a number") else { return nil }
        guard let v = Double(s.replacingUnderscores), v.isFinite else {
            fail(node, path, "'\(s)' is not a number")
            return nil
        }
        guard v >= min && v <= max else {
            fail(node, path, v < 0 && min >= 0 ? "'\(s)' must not be negative" : Self.rangeMessage(s, min, max))
            return nil
        }
        return v
    }

    /// A request rate, a second: a number from 0 to `ScenarioLimits.maxRate`.
    func rate(_ node: ScenarioNode, _ path: String) -> Double? {
        double(node, path, max: ScenarioLimits.maxRate)
    }

    func bool(_ node: ScenarioNode, _ path: String) -> Bool? {
        guard let s = scalar(node, path, "true or false") else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: fail(node, path, "'\(s)' is not true or false"); return nil
        }
    }

    func duration(_ node: ScenarioNode, _ path: String, min: TimeSpan = .zero, max: TimeSpan? = nil) -> TimeSpan? {
        guard let s = scalar(node, path, "a duration") else { return nil }
        switch Units.duration(s) {
        case let .failure(e): fail(node, path, e.message); return nil
        case let .success(v):
            if v < .zero { fail(node, path, "'\(s)' must not be negative"); return nil }
            if v < min { fail(node, path, "'\(s)' must be at least \(min)"); return nil }
            if let max, v > max { fail(node, path, "'\(s)' is over the limit of \(max)"); return nil }
            return v
        }
    }

    func positiveDuration(_ node: ScenarioNode, _ path: String, max: TimeSpan? = nil) -> TimeSpan? {
        guard let v = duration(node, path, max: max) else { return nil }
        guard v > .zero else { fail(node, path, "must be longer than zero"); return nil }
        return v
    }

    func bytes(_ node: ScenarioNode, _ path: String, min: Int = 1, max: Int = .max) -> Int? {
        guard let s = scalar(node, path, "a size") else { return nil }
        switch Units.bytes(s) {
        case let .failure(e): fail(node, path, e.message); return nil
        case let .success(v):
            guard v >= min && v <= max else { fail(node, path, Self.rangeMessage(s, min, max)); return nil }
            return v
        }
    }

    func share(_ node: ScenarioNode, _ path: String) -> Double? {
        guard let s = scalar(node, path, "a share") else { return nil }
        switch Units.share(s) {
        case let .failure(e): fail(node, path, e.message); return nil
        case let .success(v): return v
        }
    }

    /// `none`, `null` or `~` for "no limit".
    func isNone(_ node: ScenarioNode) -> Bool {
        if case let .scalar(s, _) = node { return ["none", "null", "~", ""].contains(s.lowercased()) }
        return false
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: ScenarioNode, _ path: String, _: T.Type) -> T? where T.RawValue == String {
        guard let s = scalar(node, path, "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") else { return nil }
        guard let v = T(rawValue: s) else {
            fail(node, path, "'\(s)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return v
    }

    static func rangeMessage<N: Comparable & CustomStringConvertible>(_ s: String, _ lo: N, _ hi: N) -> String {
        if let v = Double(s.replacingUnderscores), let l = Double(lo.description), v < l {
            return l == 0 ? "'\(s)' must not be negative" : "'\(s)' is under the minimum of \(lo)"
        }
        // A whole Double limit reads as a number, not as "1e+07".
        if let d = hi as? Double, d.rounded() == d, abs(d) < 1e15 { return "'\(s)' is over the limit of \(ReportNumber.grouped(Int(d)))" }
        return "'\(s)' is over the limit of \(hi)"
    }

    /// The allowed key nearest to a misspelt one (edit distance at most 3).
    static func closest(to key: String, in allowed: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let old = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].lowercased() == b[j - 1].lowercased() ? 0 : 1))
                    previous = old
                }
            }
            return row[b.count]
        }
        let a = Array(key)
        let best = allowed.map { ($0, distance(a, Array($0))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 3 ? $0.0 : nil }
    }
}

extension ScenarioReader {
    /// The fields of one mapping, read by name with their path.
    struct Fields {
        let reader: ScenarioReader
        let path: String
        let node: ScenarioNode
        let values: [String: ScenarioNode]

        subscript(_ key: String) -> ScenarioNode? { values[key] }

        func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        /// Reports a missing required field.
        func require(_ key: String) -> ScenarioNode? {
            guard let v = values[key] else {
                reader.fail(node, path(key), "is required")
                return nil
            }
            return v
        }

        /// Reads the required `key` with `parse`: nil, with the problem reported,
        /// when it is missing or invalid. A mapping's required fields are each
        /// read before any is acted on, so that every problem is reported at once.
        func required<T>(_ key: String, _ parse: (ScenarioNode, String) -> T?) -> T? {
            require(key).flatMap { parse($0, path(key)) }
        }

        /// Reads `key` with `parse` and hands the value to `apply`, if present and valid.
        func read<T>(_ key: String, _ parse: (ScenarioNode, String) -> T?, _ apply: (T) -> Void) {
            guard let v = values[key], let parsed = parse(v, path(key)) else { return }
            apply(parsed)
        }
    }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
