/// A token bucket: a steady `rate` of tokens a second, holding at most `burst`.
///
/// Starts full. Over any interval of length T it grants at most `rate·T + burst`
/// tokens: the bound the throttling tests check.
/// - Complexity: O(1) for every operation.
public struct TokenBucket: Sendable, Equatable {
    public let rate: Double
    public let burst: Double
    public private(set) var tokens: Double
    private var updated: Instant

    public init(rate: Double, burst: Double, now: Instant = .zero) {
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = now
    }

    /// Adds the tokens earned since the last call.
    @inlinable
    public mutating func refill(now: Instant) {
        refillImpl(now)
    }

    @usableFromInline
    mutating func refillImpl(_ now: Instant) {
        guard now > updated else { return }
        tokens = min(burst, tokens + Double(now.nanoseconds - updated.nanoseconds) * 1e-9 * rate)
        updated = now
    }

    /// Whether `count` tokens are there now (after refilling).
    public mutating func hasTokens(_ count: Double = 1, now: Instant) -> Bool {
        refillImpl(now)
        return tokens >= count
    }

    /// Takes `count` tokens; call only after `hasTokens` said yes.
    public mutating func take(_ count: Double = 1) {
        tokens -= count
    }

    /// Takes `count` tokens if they are there.
    public mutating func tryTake(_ count: Double = 1, now: Instant) -> Bool {
        refillImpl(now)
        guard tokens >= count else { return false }
        tokens -= count
        return true
    }

    /// How long until `count` tokens are there, from `now`.
    public func wait(for count: Double, now: Instant) -> TimeSpan {
        var copy = self
        copy.refillImpl(now)
        guard copy.tokens < count, rate > 0 else { return .zero }
        return TimeSpan(nanoseconds: Int64(((count - copy.tokens) / rate * 1e9).rounded(.up)))
    }
}
