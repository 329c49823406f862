import SpikeLabCore

/// One latency histogram per stage and workload: the run's whole distribution,
/// in fixed memory (7 stages × workloads × about 220 KB).
public struct StageHistograms: Sendable, Codable {
    private var histograms: [[LatencyHistogram]]
    public let workloads: [String]

    public init(workloads: [String]) {
        self.workloads = workloads
        histograms = Stage.allCases.map { _ in workloads.map { _ in LatencyHistogram() } }
    }

    @inlinable
    public mutating func record(_ stage: Stage, workload: Int, _ span: TimeSpan) {
        recordAt(stage.index, workload, span)
    }

    @usableFromInline
    mutating func recordAt(_ stage: Int, _ workload: Int, _ span: TimeSpan) {
        histograms[stage][workload].record(span)
    }

    /// Adds every histogram of `other` (same stages and workloads) to this one.
    public mutating func add(_ other: StageHistograms) {
        for s in histograms.indices {
            for w in histograms[s].indices where other.histograms[s][w].count > 0 {
                histograms[s][w].add(other.histograms[s][w])
            }
        }
    }

    /// Makes one stage's histograms equal to another's.
    public mutating func copy(_ stage: Stage, to other: Stage) {
        histograms[other.index] = histograms[stage.index]
    }

    /// Takes `stage`'s histograms from `other`, workload by workload name
    /// (a server's, read over HTTP); workloads `other` lacks are left alone.
    public mutating func take(_ stage: Stage, from other: StageHistograms) {
        for (w, name) in workloads.enumerated() {
            guard let o = other.workloads.firstIndex(of: name), other.histograms.indices.contains(stage.index) else { continue }
            histograms[stage.index][w] = other.histograms[stage.index][o]
        }
    }

    /// One workload's histogram of a stage.
    public func histogram(_ stage: Stage, workload: Int) -> LatencyHistogram {
        histograms[stage.index][workload]
    }

    /// A stage's histogram over all workloads (merged, never averaged).
    public func merged(_ stage: Stage) -> LatencyHistogram {
        var all = LatencyHistogram()
        for h in histograms[stage.index] { all.add(h) }
        return all
    }

    /// Values above a histogram's range, over all histograms.
    public var outOfRange: UInt64 {
        histograms.joined().reduce(0) { $0 + $1.outOfRange }
    }
}
