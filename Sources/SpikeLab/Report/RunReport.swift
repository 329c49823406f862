import Foundation
import SpikeLabCore

/// Writes a run's folder: `summary.json`, `timeseries.csv`, `latency.csv`,
/// `scenario.yaml` (as run) and `metadata.json`.
public enum RunReport {
    /// The JSON encoder every report file uses: sorted keys, so output is stable.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Writes the folder and returns its summary.
    @discardableResult
    public static func write(_ result: RunResult, metadata: RunMetadata, to path: String) throws -> Summary {
        let summary = Summary(result)
        var folder = try RunFolder(path: path)
        do {
            let encoder = encoder()
            try folder.write("summary.json", String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n")
            try folder.write("timeseries.csv", TimeseriesCSV.render(result.rows, partitions: result.scenario.store.partitions))
            try folder.write("latency.csv", LatencyCSV.render(result.histograms))
            try folder.write("scenario.yaml", result.scenario.sourceText)
            try folder.write("metadata.json", String(decoding: try encoder.encode(metadata), as: UTF8.self) + "\n")
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
        return summary
    }
}
