/// The HTTP gateway (API Gateway) as a state machine: throttling and validation.
///
/// Checks, in API Gateway's order: payload size (413), API key (401 missing,
/// 403 unknown), throttling most specific first (key quota, key rate, route,
/// account: 429 naming the level), body validation (400 naming the field), and
/// the queue's cap (503). A request takes a token from every bucket that applies
/// only when all of them have one, so a request throttled by its route does not
/// spend the account's capacity.
public struct Gateway: Sendable {
    public let config: GatewayConfig
    private var account: TokenBucket
    private var routeBuckets: [TokenBucket?]
    private var keyBuckets: [TokenBucket?]
    private var quotaUsed: [Int]
    private var quotaDay: [Int64]
    private let planIndex: [String: Int]
    private let validators: [PayloadValidator]

    public static let nanosecondsPerDay: Int64 = 86_400 * 1_000_000_000

    /// - Parameter validators: one per route, in the order of `config.routes`.
    public init(config: GatewayConfig, validators: [PayloadValidator]) {
        precondition(validators.count == config.routes.count)
        self.config = config
        self.account = TokenBucket(rate: config.account.rate, burst: config.account.burst)
        self.routeBuckets = config.routes.map { $0.limit.map { TokenBucket(rate: $0.rate, burst: $0.burst) } }
        self.keyBuckets = config.usagePlans.map { $0.limit.map { TokenBucket(rate: $0.rate, burst: $0.burst) } }
        self.quotaUsed = Array(repeating: 0, count: config.usagePlans.count)
        self.quotaDay = Array(repeating: 0, count: config.usagePlans.count)
        var index: [String: Int] = [:]
        for (i, plan) in config.usagePlans.enumerated() { index[plan.key] = i }
        self.planIndex = index
        self.validators = validators
    }

    /// What an `x-api-key` header amounts to.
    public enum Credential: Sendable, Equatable {
        case missing
        case unknown
        case plan(Int)
    }

    /// Resolves a header once; a client that always sends the same key can keep
    /// the answer.
    public func credential(forKey key: String?) -> Credential {
        guard let key else { return .missing }
        return planIndex[key].map { .plan($0) } ?? .unknown
    }

    /// Decides one request (resolving the API key on the way).
    public mutating func handle(
        route: Int, apiKey: String?, body: UnsafeBufferPointer<UInt8>, queueAtCap: Bool, now: Instant
    ) -> GatewayVerdict {
        handle(route: route, credential: credential(forKey: apiKey), body: body, queueAtCap: queueAtCap, now: now)
    }

    /// Decides one request.
    /// - Parameters:
    ///   - route: index into `config.routes`.
    ///   - credential: the `x-api-key` header, resolved.
    ///   - body: the raw request body.
    ///   - queueAtCap: whether the stage behind is full (the gateway answers 503).
    /// - Complexity: O(body length).
    public mutating func handle(
        route: Int, credential: Credential, body: UnsafeBufferPointer<UInt8>, queueAtCap: Bool, now: Instant
    ) -> GatewayVerdict {
        handle(route: route, credential: credential, bodySize: body.count,
               validation: body.count > config.maxPayloadBytes ? nil : validators[route].validate(body).map { _ in () },
               queueAtCap: queueAtCap, now: now)
    }

    /// The stateless half of the gateway: a body checked against a route's
    /// schema. Pure, so a driver may run it outside any lock, on any thread.
    public func validators(route: Int) -> PayloadValidator { validators[route] }

    /// The stateful half: decides a request whose body was already validated
    /// (`validation` is nil for a body over the size limit, which is never read).
    /// Same checks in the same order as `handle(route:credential:body:…)`.
    /// - Complexity: O(1).
    public mutating func handle(
        route: Int, credential: Credential, bodySize: Int, validation: Result<Void, PayloadValidator.Failure>?,
        queueAtCap: Bool, now: Instant
    ) -> GatewayVerdict {
        guard bodySize <= config.maxPayloadBytes, let validation else {
            return .rejected(.init(status: 413, message: "payload of \(bodySize) bytes is over the \(config.maxPayloadBytes)-byte limit"))
        }
        var plan: Int? = nil
        switch credential {
        case let .plan(p):
            plan = p
        case .unknown:
            if config.routes[route].requiresAPIKey {
                return .rejected(.init(status: 403, message: "forbidden: unknown API key"))
            }
        case .missing:
            if config.routes[route].requiresAPIKey {
                return .rejected(.init(status: 401, message: "missing x-api-key header"))
            }
        }
        if let level = throttle(route: route, plan: plan, now: now) {
            return .throttled(level)
        }
        switch validation {
        case let .failure(failure):
            return .rejected(.init(status: 400, message: failure.message))
        case .success:
            if queueAtCap {
                return .rejected(.init(status: 503, message: "service unavailable: the queue is at its cap"))
            }
            return .admitted
        }
    }

    /// Checks every bucket, most specific first; takes one token from each only
    /// if none throttles. Returns the level that throttled, or nil.
    mutating func throttle(route: Int, plan: Int?, now: Instant) -> ThrottleLevel? {
        if let plan {
            if let quota = config.usagePlans[plan].dailyQuota {
                let day = now.nanoseconds / Self.nanosecondsPerDay
                if day != quotaDay[plan] { quotaDay[plan] = day; quotaUsed[plan] = 0 }
                if quotaUsed[plan] >= quota { return .quota }
            }
            if keyBuckets[plan] != nil, !keyBuckets[plan]!.hasTokens(now: now) { return .key }
        }
        if routeBuckets[route] != nil, !routeBuckets[route]!.hasTokens(now: now) { return .route }
        if !account.hasTokens(now: now) { return .account }
        if let plan {
            quotaUsed[plan] += 1
            keyBuckets[plan]?.take()
        }
        routeBuckets[route]?.take()
        account.take()
        return nil
    }
}
