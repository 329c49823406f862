import Foundation
import SpikeLabCore

/// Writes a run's folder: `summary.json`, `timeseries.csv`, `latency.csv`, one
/// `.hgrm` per stage, `scenario.yaml` (as run), `metadata.json` and
/// `report.html`. The page is drawn from the data files' text, exactly as
/// `spikelab report` draws it from the folder later.
public enum RunReport {
    /// The JSON encoder every report file uses: sorted keys, so output is stable.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Claims `path` as a new folder (see `RunFolder`), writes it and returns its summary.
    @discardableResult
    public static func write(_ result: RunResult, metadata: RunMetadata, to path: String) throws -> Summary {
        try write(result, metadata: metadata, into: RunFolder(path: path))
    }

    /// Writes the claimed `folder` whole, or discards it on any failure, and
    /// returns the run's summary.
    @discardableResult
    public static func write(_ result: RunResult, metadata: RunMetadata, into folder: RunFolder) throws -> Summary {
        let summary = Summary(result)
        let encoder = encoder()
        let summaryText = String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
        let timeseries = TimeseriesCSV.render(result.rows, partitions: result.scenario.store.partitions)
        let hgrm = HgrmFiles.render(result.histograms)
        let data = RunData(summary: summary, metadata: metadata, timeseries: timeseries,
                           hgrm: Dictionary(uniqueKeysWithValues: hgrm.map { (String($0.name.dropLast(5)), $0.text) }),
                           scenarioText: result.scenario.sourceText)
        do {
            try folder.write("summary.json", summaryText)
            try folder.write("timeseries.csv", timeseries)
            try folder.write("latency.csv", LatencyCSV.render(result.histograms))
            for file in hgrm { try folder.write(file.name, file.text) }
            try folder.write("scenario.yaml", result.scenario.sourceText)
            try folder.write("metadata.json", String(decoding: try encoder.encode(metadata), as: UTF8.self) + "\n")
            try folder.write("report.html", HTMLReport.render(data))
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
        return summary
    }
}
