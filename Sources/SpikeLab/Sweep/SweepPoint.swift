import SpikeLabCore

/// One finished point of a sweep: its settings and its run's summary.
public struct SweepPoint: Sendable {
    public var settings: [(path: String, value: String)]
    public var folder: String
    public var summary: Summary

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
    public var p99: Double { summary.latency["end_to_end"]?["all"]?.p99Ms ?? 0 }
    /// Stored records a second over the run.
    public var throughput: Double { summary.simulatedSeconds > 0 ? Double(summary.counts.stored) / summary.simulatedSeconds : 0 }
    /// From the end of the traffic until the queue was empty, in seconds.
    public var drainSeconds: Double? { summary.peaks.drainedAtSeconds.map { max(0, $0 - summary.trafficSeconds) } }
}
