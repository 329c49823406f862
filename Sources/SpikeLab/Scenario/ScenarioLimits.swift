import SpikeLabCore

/// The bounds a scenario must stay within to be run at all: past them a run
/// would not finish in any useful time or would not fit in memory, so the
/// loader refuses it with a message rather than start it and crash or hang.
///
/// Every bound is far above what a realistic load test asks for (the bundled
/// flash sale is 1.06 million arrivals over 5 minutes, 900 intervals).
public enum ScenarioLimits {
    /// The highest request rate any one rate field may give, a second.
    public static let maxRate = 10_000_000.0
    /// The longest one workload's traffic may last: 31 days.
    public static let maxTraffic = TimeSpan.seconds(31 * 86_400)
    /// The most straight pieces a workload's rate may be drawn with (a sine is
    /// 720 a period, a burst train two a burst): each costs 32 bytes and is
    /// made before the run starts.
    public static let maxRatePieces = 2_000_000.0
    /// The most arrivals a run may expect, over all workloads: the virtual
    /// clock's store keeps about 76 bytes for each stored item.
    public static let maxArrivals = 1_000_000_000.0
    /// The most intervals of the time series over the traffic and the longest
    /// drain: the rows are kept until the report is written, and rows, CSV and
    /// HTML together cost about 2.2 KB an interval at their peak (1.8 million
    /// 1 ms intervals peaked at 4.0 GB resident), so a million is about 2 GB.
    public static let maxIntervals = 1_000_000.0
    /// The longest a rate-limited stream subscriber may need to take every
    /// record of a run (its expected arrivals at its rate): a year. Its turns
    /// are kept as instants in nanoseconds, which a slower subscriber would
    /// carry past the 292 years that an `Int64` holds.
    public static let maxSubscriberBacklog = TimeSpan.seconds(365 * 86_400)
    /// The most values (mappings, lists and single values) a scenario document may
    /// hold once its YAML aliases are expanded: ten aliases of ten aliases, nine
    /// deep, would expand to a billion, taking minutes and gigabytes to read. A
    /// long trace belongs in a trace file, which is read row by row.
    public static let maxDocumentValues = 2_000_000

    /// What is wrong with a workload's rate shape as a whole, or nil: its length
    /// and the number of pieces it is drawn with. Both are computed in Double,
    /// so that no sum of long shapes can overflow.
    /// - Complexity: O(n) in the number of shapes and steps.
    static func problem(with rate: RateShape) -> String? {
        let seconds = Self.seconds(of: rate)
        if seconds > maxTraffic.seconds {
            let days = (seconds / 8_640).rounded() / 10
            return "the traffic lasts \(days) days, over the limit of \(Int(maxTraffic.seconds / 86_400)) days"
        }
        let pieces = Self.pieces(of: rate)
        if pieces > maxRatePieces {
            return "the rate is drawn with \(ReportNumber.grouped(Int(min(pieces, 9e18)))) straight pieces (a sine 720 a period, "
                + "a burst train two a burst), over the limit of \(ReportNumber.grouped(Int(maxRatePieces))): use a longer period or a shorter duration"
        }
        return nil
    }

    /// The shape's length in seconds, as `RateShape.duration` gives it.
    static func seconds(of shape: RateShape) -> Double {
        switch shape {
        case let .sum(shapes): return shapes.map(seconds(of:)).max() ?? 0
        case let .sequence(shapes): return shapes.reduce(0) { $0 + seconds(of: $1) }
        case let .steps(steps): return steps.reduce(0) { $0 + $1.duration.seconds }
        default: return shape.duration.seconds
        }
    }

    /// An upper bound on the pieces `RateShape.compile()` makes for the shape
    /// (exact for each shape but `sum`, whose parts' breaks may coincide).
    public static func pieces(of shape: RateShape) -> Double {
        switch shape {
        case .constant, .ramp: return 1
        case let .steps(steps): return Double(steps.count)
        case .spike: return 5
        case let .sine(_, _, period, _, duration):
            return (duration.seconds / (period.seconds / Double(RateShape.sineSegmentsPerPeriod))).rounded(.up)
        case let .bursts(_, _, _, period, duration): return 2 * (duration.seconds / period.seconds).rounded(.up)
        case let .trace(points): return Double(points.count)
        case let .sequence(shapes): return shapes.reduce(0) { $0 + pieces(of: $1) }
        case let .sum(shapes): return 2 * shapes.reduce(0) { $0 + pieces(of: $1) }
        }
    }
}
