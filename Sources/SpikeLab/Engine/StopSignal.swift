import Synchronization

/// Asks a wall-clock run to stop: the first request stops the generator and
/// lets the pipeline drain for a bounded time; the second stops at once. Either
/// way the run still ends with a complete report marked as interrupted.
public final class StopSignal: Sendable {
    private let level = Atomic<Int>(0)

    public init() {}

    public enum Level: Int, Sendable { case running = 0, draining = 1, aborted = 2 }

    public var current: Level { Level(rawValue: level.load(ordering: .acquiring)) ?? .aborted }

    /// Escalates one step: running → draining → aborted.
    /// - Returns: the level now in force.
    @discardableResult
    public func escalate() -> Level {
        let (_, new) = level.add(1, ordering: .acquiringAndReleasing)
        return Level(rawValue: min(new, 2)) ?? .aborted
    }
}
