/// One varied setting of a sweep: a scenario path and its values, as `--set`
/// would give them (`consumers.concurrency=5,10,20`).
public struct SweepAxis: Sendable, Equatable {
    public var path: String
    public var values: [String]

    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }

    /// Parses `path=v1,v2,...`.
    public static func parse(_ text: String) -> SweepAxis? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let path = String(text[..<eq]).trimmingSpaces
        let values = text[text.index(after: eq)...].split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        guard !path.isEmpty, !values.isEmpty else { return nil }
        return SweepAxis(path: path, values: values)
    }

    /// Every combination of the axes' values, the first axis varying fastest.
    public static func grid(_ axes: [SweepAxis]) -> [[(path: String, value: String)]] {
        var points: [[(path: String, value: String)]] = [[]]
        for axis in axes.reversed() {
            points = points.flatMap { rest in axis.values.map { [(axis.path, $0)] + rest } }
        }
        return points
    }
}
