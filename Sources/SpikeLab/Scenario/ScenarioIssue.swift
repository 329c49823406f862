/// One thing wrong with a scenario: where, which field, and what.
public struct ScenarioIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: ScenarioNode.Location
    /// The field's path, such as `consumers.batchSize` or `workloads[0].rate`.
    public var field: String
    public var message: String

    public init(file: String, location: ScenarioNode.Location, field: String, message: String) {
        self.file = file
        self.location = location
        self.field = field
        self.message = message
    }

    /// `file:line:column: field: message`, the form compilers use, so editors can
    /// jump to it.
    public var description: String {
        field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }

    /// `file:line:column: warning: field: message`.
    public var warningDescription: String {
        field.isEmpty ? "\(place): warning: \(message)" : "\(place): warning: \(field): \(message)"
    }

    /// `file:line:column`, or the `--set` that gave the value.
    private var place: String {
        var place = file
        if let override = location.override {
            place = "--set \(override)"
        } else if let line = location.line {
            place += ":\(line)"
            if let column = location.column { place += ":\(column)" }
        }
        return place
    }
}

/// Every issue found in a scenario; nothing runs and nothing is written.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
