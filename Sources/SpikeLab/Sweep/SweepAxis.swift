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

    /// Why `axes` cannot be swept, if they cannot: a path varied twice, a value
    /// given twice in one axis, or two points whose folders would be one (values
    /// that differ only in characters a folder name cannot hold, `a/b` and `a-b`).
    /// The number of points in the grid of `axes` (saturating, so that a grid
    /// too large to make is still counted).
    public static func count(_ axes: [SweepAxis]) -> Int {
        axes.reduce(1) { $0.multipliedReportingOverflow(by: $1.values.count).overflow ? Int.max : $0 * $1.values.count }
    }

    public static func problem(_ axes: [SweepAxis]) -> String? {
        let count = Double(Self.count(axes))
        if count > Double(Sweep.maxPoints) {
            return "the grid has \(count < 1e15 ? ReportNumber.grouped(Int(count)) : "too many") points; a sweep runs at most \(ReportNumber.grouped(Sweep.maxPoints)) (vary fewer settings or fewer values)"
        }
        var paths: Set<String> = []
        for axis in axes {
            guard paths.insert(axis.path).inserted else { return "\(axis.path) is varied twice; give its values in one list" }
            var values: Set<String> = []
            for v in axis.values where !values.insert(v).inserted {
                return "\(axis.path): '\(v)' is given twice"
            }
        }
        var folders: [String: [(path: String, value: String)]] = [:]
        for point in grid(axes) {
            let name = SweepPoint.name(point)
            if let other = folders[name] {
                let text = { (p: [(path: String, value: String)]) in p.map { "\($0.path)=\($0.value)" }.joined(separator: ", ") }
                return "\(text(other)) and \(text(point)) would share the folder '\(name)'"
            }
            folders[name] = point
        }
        return nil
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
