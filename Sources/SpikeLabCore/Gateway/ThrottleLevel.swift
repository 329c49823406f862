/// Which limit throttled a request (docs/model.md, Gateway). Checked most
/// specific first: key quota, key rate, route, account.
public enum ThrottleLevel: String, Sendable, Equatable, CaseIterable, Codable {
    /// The API key's daily quota is spent.
    case quota
    /// The API key's usage-plan rate.
    case key
    /// The route's rate.
    case route
    /// The account-wide rate.
    case account
    /// The synchronous handler is at its concurrency limit.
    case concurrency
}
