import Foundation
import SpikeLab

extension FuzzTarget {
    /// Two parts: a baseline file and a summary.json. What decodes is compared
    /// and printed without a trap, whatever numbers it holds.
    static func checkDecoders(_ bytes: [UInt8]) -> String? {
        let parts = sections(bytes, count: 2)
        let baseline = try? Baseline.decode(Data(parts[0]), file: "base.json")
        guard let summary = try? JSONDecoder().decode(Summary.self, from: Data(parts[1])) else { return nil }
        if TerminalSummary.render(summary, metadata: nil, folder: "run").isEmpty { return "an empty terminal summary" }
        _ = Baseline(summary)
        if let baseline {
            let comparison = BaselineComparison(baseline: baseline, file: "base.json", tolerances: [:])
            if let outcome = try? comparison.compare(summary, folder: "run"), outcome.table.isEmpty {
                return "an empty comparison table"
            }
        }
        return nil
    }

    /// Five parts: summary.json, timeseries.csv, metadata.json, scenario.yaml
    /// and end_to_end.hgrm (an empty part is a missing file). A folder that
    /// reads is drawn whole.
    static func checkRunFolder(_ bytes: [UInt8]) -> String? {
        let parts = sections(bytes, count: 5)
        let names = ["summary.json", "timeseries.csv", "metadata.json", "scenario.yaml", "end_to_end.hgrm"]
        let files = Dictionary(uniqueKeysWithValues: zip(names, parts.map { $0.isEmpty ? nil : text($0) }))
        guard let data = try? RunData.load(folder: "run", read: { files[$0] ?? nil }) else { return nil }
        let html = HTMLReport.render(data)
        return html.hasSuffix("</html>\n") ? nil : "the page is not whole"
    }
}
