/// How arrivals are spread under the rate: SPEC section 2, Arrivals.
public enum ArrivalProcess: String, Sendable, Equatable, CaseIterable {
    /// A non-homogeneous Poisson process: exponential gaps in the integrated rate.
    case poisson
    /// Evenly spaced: the n-th arrival (from 0) when the integrated rate reaches n + ½.
    case even
}
