import Foundation

/// What a report page is drawn from: the run folder's data files, so that
/// `spikelab report` can rebuild the page without running again.
public struct RunData: Sendable {
    public var summary: Summary
    public var metadata: RunMetadata?
    /// `timeseries.csv` by column name.
    public var columns: [String: [Double]]
    public var columnNames: [String]
    /// Stage name → its distribution from the `.hgrm` file.
    public var distributions: [String: [HgrmFiles.Point]]
    public var scenarioText: String
    /// The scenario, when its text still parses (for the spike phases).
    public var scenario: Scenario?

    /// Rows in the time series.
    public var rowCount: Int { columns["interval_end_s"]?.count ?? 0 }

    public func column(_ name: String) -> [Double] { columns[name] ?? [] }

    public init(summary: Summary, metadata: RunMetadata?, timeseries: String, hgrm: [String: String], scenarioText: String) {
        self.summary = summary
        self.metadata = metadata
        let table = CSVReader.parse(timeseries)
        columnNames = table.header
        var columns: [String: [Double]] = [:]
        for (i, name) in table.header.enumerated() {
            columns[name] = table.rows.map { i < $0.count ? Double($0[i]) ?? 0 : 0 }
        }
        self.columns = columns
        distributions = hgrm.mapValues(HgrmFiles.parse)
        self.scenarioText = scenarioText
        scenario = try? ScenarioLoader.parse(text: scenarioText, file: "scenario.yaml")
    }

    /// The first cell of `timeseries.csv` that no run writes, as `line: column: problem`:
    /// a run writes numbers, finite and under 10^15, or leaves a cell empty.
    /// - Complexity: O(n) in the text's length.
    /// A whole file also has its header (with `interval_end_s`), the header's
    /// number of cells in every row, and a line end after its last row: a file
    /// cut anywhere but at a row's end is refused.
    static func problem(inTimeseries text: String) -> String? {
        let table = CSVReader.parse(text)
        guard table.header.contains("interval_end_s") else {
            return "1: the header row (interval_end_s, …) is missing or cut; the file is not whole"
        }
        guard text.utf8.last == UInt8(ascii: "\n") else { return "\(table.rows.count + 1): the last row has no line end; the file is cut" }
        for (r, row) in table.rows.enumerated() where row.count != table.header.count {
            return "\(r + 2): \(row.count) cells where the header has \(table.header.count); the file is cut or not SpikeLab's"
        }
        for (r, row) in table.rows.enumerated() {
            for (i, cell) in row.enumerated() where !cell.isEmpty {
                guard let v = Double(cell), v.isFinite, abs(v) < 1e15 else {
                    let column = i < table.header.count ? table.header[i] : "column \(i + 1)"
                    return "\(r + 2): \(column): '\(cell)' is not a value a run writes (a finite number under 10^15, or nothing)"
                }
            }
        }
        return nil
    }

    /// Errors reading a run folder.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a run folder written by `spikelab run`.
    public static func load(folder: String) throws(LoadError) -> RunData {
        guard FileManager.default.fileExists(atPath: folder) else { throw LoadError(description: "\(folder): no such run folder") }
        return try load(folder: folder) { try? String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8) }
    }

    /// Reads a run folder's files through `read` (a file's name to its text, or
    /// nil when it is missing): the checks of `load(folder:)` without the file
    /// system, for tests and fuzzing.
    public static func load(folder: String, read: (String) -> String?) throws(LoadError) -> RunData {
        guard let summaryText = read("summary.json") else { throw LoadError(description: "\(folder)/summary.json: missing; is this a run folder?") }
        let summary: Summary
        do {
            summary = try JSONDecoder().decode(Summary.self, from: Data(summaryText.utf8))
        } catch {
            let reason = (error as? DecodingError)?.fieldDescription ?? "\(error)"
            throw LoadError(description: "\(folder)/summary.json: not a SpikeLab summary: \(reason)")
        }
        guard let timeseries = read("timeseries.csv") else { throw LoadError(description: "\(folder)/timeseries.csv: missing") }
        if let problem = Self.problem(inTimeseries: timeseries) { throw LoadError(description: "\(folder)/timeseries.csv:\(problem)") }
        var metadata: RunMetadata? = nil
        if let text = read("metadata.json") {
            do {
                metadata = try JSONDecoder().decode(RunMetadata.self, from: Data(text.utf8))
            } catch {
                let reason = (error as? DecodingError)?.fieldDescription ?? "\(error)"
                throw LoadError(description: "\(folder)/metadata.json: not SpikeLab run metadata: \(reason)")
            }
        }
        let scenarioText = read("scenario.yaml")
        if let scenarioText, let problem = ScenarioLoader.yamlProblem(scenarioText) {
            throw LoadError(description: "\(folder)/scenario.yaml: not the scenario a run wrote: \(problem)")
        }
        var hgrm: [String: String] = [:]
        for stage in Stage.allCases {
            if let text = read("\(stage.rawValue).hgrm") { hgrm[stage.rawValue] = text }
        }
        return RunData(summary: summary, metadata: metadata, timeseries: timeseries, hgrm: hgrm, scenarioText: scenarioText ?? "")
    }
}
