import Yams

/// A scenario document as a tree that remembers where each value came from, so
/// that every error can name the file, the line and the field.
///
/// SpikeLab's own tree rather than Yams' `Node`, so that `--set` can graft values
/// in (remembering that they came from the command line) and the scenario as run
/// can be written back out.
public indirect enum ScenarioNode: Sendable, Equatable {
    case scalar(String, Location)
    case mapping([Entry], Location)
    case sequence([ScenarioNode], Location)

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var keyLocation: Location
        public var value: ScenarioNode
    }

    /// Where a value came from: a line and column of the file, or a `--set`.
    public struct Location: Sendable, Equatable {
        public var line: Int?
        public var column: Int?
        /// The `--set` that gave the value, if it came from the command line.
        public var override: String?

        public static let unknown = Location(line: nil, column: nil, override: nil)
    }

    public var location: Location {
        switch self {
        case let .scalar(_, l), let .mapping(_, l), let .sequence(_, l): return l
        }
    }

    /// What kind of value it is, for messages: "a mapping", "a list", "a value".
    public var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The value under `key`, when this is a mapping that has it.
    subscript(key: String) -> ScenarioNode? {
        guard case let .mapping(entries, _) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// A mapping's keys, in order; none for a list or a value.
    var keys: [String] {
        guard case let .mapping(entries, _) = self else { return [] }
        return entries.map(\.key)
    }

    /// The `index`th item, when this is a list that long.
    subscript(index: Int) -> ScenarioNode? {
        guard case let .sequence(items, _) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// How many values (mappings, lists and single values) `node` holds with its
    /// aliases expanded, counting no further than `limit + 1`.
    /// - Complexity: O(min(n, limit)), however far aliases would expand.
    static func valueCount(of node: Node, atMost limit: Int) -> Int {
        var count = 0
        func visit(_ n: Node) {
            guard count <= limit else { return }
            count += 1
            switch n {
            case let .mapping(mapping): for pair in mapping where count <= limit { visit(pair.key); visit(pair.value) }
            case let .sequence(sequence): for item in sequence where count <= limit { visit(item) }
            case .scalar, .alias: break
            }
        }
        visit(node)
        return count
    }

    /// Converts a Yams tree.
    init(_ node: Node, override: String? = nil) {
        let location = Location(line: override == nil ? node.mark?.line : nil, column: override == nil ? node.mark?.column : nil, override: override)
        switch node {
        case let .scalar(scalar):
            self = .scalar(scalar.string, location)
        case let .mapping(mapping):
            self = .mapping(mapping.map { pair in
                Entry(key: pair.key.string ?? "\(pair.key)",
                      keyLocation: Location(line: override == nil ? pair.key.mark?.line : nil, column: override == nil ? pair.key.mark?.column : nil, override: override),
                      value: ScenarioNode(pair.value, override: override))
            }, location)
        case let .sequence(sequence):
            self = .sequence(sequence.map { ScenarioNode($0, override: override) }, location)
        case let .alias(alias):
            self = .scalar(alias.anchor.rawValue, location)
        }
    }
}
