import SpikeLabCore

/// Tumbling windows of end-to-end latency, built as intervals close: each
/// window's histogram is the merge of its intervals' histograms. Only the window
/// lengths and aggregates that thresholds ask for are kept, so memory stays at
/// one histogram per window length.
struct EndToEndWindows: Sendable {
    private struct Track: Sendable {
        var length: Double
        var aggregates: [Threshold.Aggregate]
        var histogram = LatencyHistogram()
        var start = 0.0
        var done: [EndToEndWindow] = []
    }

    private var tracks: [Track]

    init(thresholds: [Threshold]) {
        var byLength: [Double: [Threshold.Aggregate]] = [:]
        for t in thresholds where t.metric == .endToEnd {
            guard let w = t.window else { continue }
            byLength[w.seconds, default: []].append(t.aggregate)
        }
        tracks = byLength.keys.sorted().map { Track(length: $0, aggregates: byLength[$0]!) }
    }

    static func name(_ a: Threshold.Aggregate) -> String { a.name }

    /// Adds an interval's histogram; closes windows that are complete.
    mutating func add(_ interval: LatencyHistogram, end: Double) {
        for i in tracks.indices {
            tracks[i].histogram.add(interval)
            if end >= tracks[i].start + tracks[i].length - 1e-9 { close(i, end: end) }
        }
    }

    /// Closes the last, partial windows at the end of the run.
    mutating func finish(end: Double) {
        for i in tracks.indices where end > tracks[i].start + 1e-9 && tracks[i].histogram.count > 0 { close(i, end: end) }
    }

    private mutating func close(_ i: Int, end: Double) {
        let h = tracks[i].histogram
        var values: [String: Double] = [:]
        for a in tracks[i].aggregates { values[a.name] = ThresholdEvaluator.latency(h, a) }
        tracks[i].done.append(EndToEndWindow(start: tracks[i].start, end: end, count: h.count, values: values))
        tracks[i].histogram.reset()
        tracks[i].start = end
    }

    var results: [Double: [EndToEndWindow]] {
        Dictionary(uniqueKeysWithValues: tracks.map { ($0.length, $0.done) })
    }
}
