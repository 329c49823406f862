/// A snapshot for the live progress line, taken once per interval by each
/// engine: the wall clock, `run --target`, and the virtual clock (whose times
/// are simulated ones).
public struct RunProgress: Sendable {
    public var elapsedSeconds: Double
    public var trafficSeconds: Double
    /// Per second over the last interval.
    public var offeredRate: Double
    public var acceptedRate: Double
    /// End-to-end p99 of the last interval, in microseconds (0 if nothing was
    /// stored). On the virtual clock, of the last interval its recorder has
    /// closed, which may be a few intervals behind.
    public var endToEndP99: UInt64
    public var visible: Int
    public var activeConsumers: Int
    public var draining: Bool
    /// True on the virtual clock: the times are simulated, and the line says so.
    public var simulated = false

    /// `12s / 5m  offered 5,980/s  accepted 5,980/s  p99 1.21s  queue 31,000  consumers 180`
    public var line: String {
        let left = elapsedSeconds < trafficSeconds ? "\(ReportNumber.latency(UInt64(elapsedSeconds * 1e6))) / \(ReportNumber.latency(UInt64(trafficSeconds * 1e6)))" : "\(ReportNumber.latency(UInt64(elapsedSeconds * 1e6))) (draining)"
        return "\(simulated ? "simulated " : "")\(left)  offered \(ReportNumber.grouped(Int(offeredRate)))/s  accepted \(ReportNumber.grouped(Int(acceptedRate)))/s  p99 \(endToEndP99 == 0 ? "-" : ReportNumber.latency(endToEndP99))  queue \(ReportNumber.grouped(visible))  consumers \(activeConsumers)\(draining ? "  stopping…" : "")"
    }
}
