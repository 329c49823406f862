/// Exponential backoff with full jitter, as the AWS SDKs retry throttled calls.
///
/// The wait before retry n (n = 1, 2, ...) is uniform in
/// `0 ..< min(cap, base · 2^(n-1))`; at most `maxAttempts` attempts in all.
public struct RetryPolicy: Sendable, Equatable {
    public var base: TimeSpan
    public var cap: TimeSpan
    public var maxAttempts: Int

    public init(base: TimeSpan = .milliseconds(50), cap: TimeSpan = .seconds(5), maxAttempts: Int = 10) {
        self.base = base; self.cap = cap; self.maxAttempts = maxAttempts
    }

    /// The longest wait before retry `n`.
    public func ceiling(retry n: Int) -> TimeSpan {
        let shift = min(max(n - 1, 0), 40)
        let grown = base.nanoseconds > (Int64.max >> shift) ? Int64.max : base.nanoseconds << shift
        return TimeSpan(nanoseconds: min(cap.nanoseconds, grown))
    }

    /// A jittered wait before retry `n`.
    public func backoff(retry n: Int, _ rng: inout Xoshiro256) -> TimeSpan {
        let ceiling = ceiling(retry: n).nanoseconds
        guard ceiling > 0 else { return .zero }
        return TimeSpan(nanoseconds: Int64(rng.nextUnit() * Double(ceiling)))
    }
}
