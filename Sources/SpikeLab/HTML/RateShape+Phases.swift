import SpikeLabCore

extension RateShape {
    /// The spike phases to shade on time charts: a spike's rise, hold and decay,
    /// and each burst of a burst train, in seconds from the start.
    func phases(offset: Double = 0) -> [(label: String, start: Double, end: Double)] {
        switch self {
        case let .spike(s):
            let a = offset + s.start.seconds
            let b = a + s.rise.seconds
            let c = b + s.hold.seconds
            let d = c + s.decay.seconds
            return [("rise", a, b), ("peak", b, c), ("decay", c, d)].filter { $0.2 > $0.1 }
        case let .bursts(_, _, length, period, duration):
            return stride(from: 0, to: duration.seconds, by: period.seconds).map {
                ("burst", offset + $0, offset + min(duration.seconds, $0 + length.seconds))
            }
        case let .sum(shapes):
            return shapes.flatMap { $0.phases(offset: offset) }
        case let .sequence(shapes):
            var t = offset
            return shapes.flatMap { shape in
                defer { t += shape.duration.seconds }
                return shape.phases(offset: t)
            }
        default:
            return []
        }
    }
}
