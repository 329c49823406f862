/// The gateway's settings, with API Gateway's defaults.
public struct GatewayConfig: Sendable, Equatable {
    /// A rate limit: steady rate (requests a second) and burst.
    public struct Limit: Sendable, Equatable {
        public var rate: Double
        public var burst: Double
        public init(rate: Double, burst: Double) { self.rate = rate; self.burst = burst }
    }

    /// A usage plan bound to one API key.
    public struct UsagePlan: Sendable, Equatable {
        public var key: String
        public var limit: Limit?
        /// Requests allowed per day (UTC days from the start of the run).
        public var dailyQuota: Int?
        public init(key: String, limit: Limit? = nil, dailyQuota: Int? = nil) {
            self.key = key; self.limit = limit; self.dailyQuota = dailyQuota
        }
    }

    /// One route (one workload's POST).
    public struct Route: Sendable, Equatable {
        public var name: String
        public var limit: Limit?
        public var requiresAPIKey: Bool
        public init(name: String, limit: Limit? = nil, requiresAPIKey: Bool = false) {
            self.name = name; self.limit = limit; self.requiresAPIKey = requiresAPIKey
        }
    }

    /// Account-wide: 10,000 rps, burst 5,000.
    public var account = Limit(rate: 10_000, burst: 5_000)
    public var routes: [Route] = []
    public var usagePlans: [UsagePlan] = []
    /// API Gateway's payload limit: 10 MB.
    public var maxPayloadBytes = 10 * 1024 * 1024
    /// Time the gateway adds to every answer.
    public var overhead = LatencyDistribution.fixed(.milliseconds(5))

    public init() {}
}
