import SpikeLabCore

/// One finished point of a sweep: its settings, its folder and the figures of
/// its sweep row. It keeps nothing else of the run (a few hundred bytes a
/// point), so a sweep's memory does not grow with its finished points.
public struct SweepPoint: Sendable {
    public var settings: [(path: String, value: String)]
    public var folder: String
    /// End-to-end latency over the whole run; nil when nothing was stored.
    public var endToEnd: Summary.StageLatency?
    /// Stored records a second over the run.
    public var throughput: Double
    public var peakVisible: Int
    /// From the end of the traffic until the queue was empty, in seconds.
    public var drainSeconds: Double?
    public var throttled: Int
    public var deadLettered: Int
    public var consumerSeconds: Double
    public var conservationHolds: Bool

    public init(settings: [(path: String, value: String)], folder: String, summary: Summary) {
        self.settings = settings
        self.folder = folder
        endToEnd = summary.latency["end_to_end"]?["all"]
        throughput = summary.simulatedSeconds > 0 ? Double(summary.counts.stored) / summary.simulatedSeconds : 0
        peakVisible = summary.peaks.visible
        drainSeconds = summary.peaks.drainedAtSeconds.map { max(0, $0 - summary.trafficSeconds) }
        throttled = summary.counts.throttledTotal
        deadLettered = summary.counts.deadLettered
        consumerSeconds = summary.counts.consumerSeconds
        conservationHolds = summary.conservation.holds
    }

    /// The folder name: `consumers.concurrency-20_consumers.batchSize-10`, each
    /// setting as `path-value`, joined by `_`, every character a run folder's
    /// name does not keep (`RunFolder.keeps`: ASCII letters, digits, `-`, `_`,
    /// `.`) made `-`. A name longer than `maxNameLength` is cut and ends in `-`
    /// and 16 hex digits of the settings' FNV-1a hash, so that it stays within
    /// what a file system allows (255 bytes) and long values that differ only
    /// at their ends still get folders of their own.
    static func name(_ settings: [(path: String, value: String)]) -> String {
        let text = settings.map { "\($0.path)-\($0.value)" }.joined(separator: "_")
        var name = ""
        for u in text.unicodeScalars { name.unicodeScalars.append(RunFolder.keeps(u) ? u : "-") }
        guard name.utf8.count > maxNameLength else { return name }
        let hash = String(StableHash.fnv1a(text), radix: 16)
        return String(name.prefix(maxNameLength - 17)) + "-" + String(repeating: "0", count: 16 - hash.count) + hash
    }

    /// The longest point folder name, in bytes (all ASCII).
    static let maxNameLength = 120

    /// End-to-end p99 in ms.
    public var p99: Double { endToEnd?.p99Ms ?? 0 }
}
