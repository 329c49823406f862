/// The notifier that reads the change stream and fans out to subscribers.
public struct NotifierConfig: Sendable, Equatable {
    /// A subscriber (an email service, a webhook): delivery latency and an
    /// optional rate limit, as email sending has (SES starts at 14 a second).
    public struct Subscriber: Sendable, Equatable {
        public var name: String
        public var latency: LatencyDistribution
        public var ratePerSecond: Double?
        public init(name: String, latency: LatencyDistribution, ratePerSecond: Double? = nil) {
            self.name = name; self.latency = latency; self.ratePerSecond = ratePerSecond
        }
    }

    public var enabled = true
    /// How often the stream is polled: four times a second, as Lambda polls a
    /// DynamoDB stream shard.
    public var pollInterval = TimeSpan.milliseconds(250)
    /// Records read per poll.
    public var batchSize = 100
    public var subscribers: [Subscriber] = [Subscriber(name: "email", latency: .fixed(.milliseconds(50)))]

    public init() {}
}
