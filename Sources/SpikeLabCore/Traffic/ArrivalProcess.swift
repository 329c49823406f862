/// How arrivals are spread under the rate: Poisson or evenly (docs/scenarios.md).
public enum ArrivalProcess: String, Sendable, Equatable, CaseIterable {
    /// A non-homogeneous Poisson process: exponential gaps in the integrated rate.
    case poisson
    /// Evenly spaced: the n-th arrival (from 0) when the integrated rate reaches n + ½.
    case even
}
