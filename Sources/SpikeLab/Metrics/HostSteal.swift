import Foundation

/// CPU time the hypervisor took from this virtual machine ("steal"): time in
/// which a vCPU had work but the host ran something else. Nothing in the guest
/// runs then, so a wall-clock run sees it as a stall of every thread on that
/// CPU: late sends, a gap in consumption, a latency spike.
///
/// Read from the `steal` column of the `cpu` line of `/proc/stat` (Linux, all
/// CPUs together, in clock ticks of `sysconf(_SC_CLK_TCK)`, usually 10 ms, so
/// a reading is a multiple of that). Elsewhere, or on a kernel without the
/// column, readings are nil.
public struct HostSteal: Sendable {
    private var last: Double?

    /// Starts measuring from now.
    public init() {
        last = Self.totalMilliseconds()
    }

    /// Milliseconds stolen since the last call (or since `init`); nil when it
    /// cannot be read. Cost: one read of `/proc/stat` (a few kilobytes).
    public mutating func sinceLast() -> Double? {
        let now = Self.totalMilliseconds()
        defer { last = now }
        guard let now, let last else { return nil }
        return max(0, now - last)
    }

    /// All steal since boot, in milliseconds.
    public static func totalMilliseconds() -> Double? {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard ticksPerSecond > 0, let ticks = stealTicks(procStat: text) else { return nil }
        return Double(ticks) * 1000 / ticksPerSecond
        #else
        return nil
        #endif
    }

    /// The steal ticks of the `cpu` line (all CPUs) of a `/proc/stat` text:
    /// its eighth number (user, nice, system, idle, iowait, irq, softirq, steal).
    static func stealTicks(procStat text: String) -> UInt64? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let numbers = line.split(separator: " ").dropFirst().map { UInt64($0) }
        guard numbers.count >= 8, let steal = numbers[7] else { return nil }
        return steal
    }
}
