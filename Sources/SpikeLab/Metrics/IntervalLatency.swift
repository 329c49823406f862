import SpikeLabCore

/// End-to-end latency per time-series interval: the open interval's histogram,
/// the thresholds' windows that closed intervals merge into, and the figures of
/// intervals closed on another thread, until they are taken.
///
/// It belongs to whoever records end-to-end latencies: the pipeline itself, or,
/// on the virtual clock, the `LatencyRecorder`'s thread. There an interval
/// closes where the loop marked its end in the stream of records
/// (`LatencyRecord.intervalEnd(at:)`), so each interval holds exactly the
/// latencies recorded before its close, as when the pipeline closes it itself,
/// and the figures are the same.
///
/// Memory: a ~220 KB histogram for the open interval and one per window length
/// that thresholds ask for; 40 bytes per interval closed elsewhere, until taken.
struct IntervalLatency: Sendable {
    /// One closed interval's figures, for its time-series row (microseconds).
    struct Figures: Sendable, Equatable {
        var count: Int
        var p50: UInt64
        var p90: UInt64
        var p99: UInt64
        var max: UInt64
    }

    private var open = LatencyHistogram()
    private var windows: EndToEndWindows
    /// Figures of the intervals closed by `closeAndKeep(end:)`, in order.
    private var kept: [Figures] = []

    init(thresholds: [Threshold]) {
        windows = EndToEndWindows(thresholds: thresholds)
    }

    /// Adds one end-to-end latency to the open interval.
    /// - Complexity: O(1).
    mutating func record(_ span: TimeSpan) {
        open.record(span)
    }

    /// Closes the open interval at `end` (seconds into the run): its figures,
    /// merged into the windows, and a new empty interval.
    /// - Complexity: O(buckets up to its p99), and O(buckets) per window length.
    mutating func close(end: Double) -> Figures {
        let p = open.percentiles([50, 90, 99])
        let figures = Figures(count: Int(open.count), p50: p[0], p90: p[1], p99: p[2], max: open.max)
        windows.add(open, end: end)
        open.reset()
        return figures
    }

    /// Closes the open interval at `end` and keeps its figures to be taken;
    /// returns them too.
    @discardableResult
    mutating func closeAndKeep(end: Double) -> Figures {
        let figures = close(end: end)
        kept.append(figures)
        return figures
    }

    /// The kept figures, oldest first; none are kept after.
    mutating func takeKept() -> [Figures] {
        defer { kept = [] }
        return kept
    }

    /// Closes the last, partial windows at the end of the run.
    mutating func finishWindows(end: Double) {
        windows.finish(end: end)
    }

    /// Each window length's windows, closed so far.
    var windowResults: [Double: [EndToEndWindow]] { windows.results }
}
