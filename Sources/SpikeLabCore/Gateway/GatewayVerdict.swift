/// The gateway's answer to one request.
public enum GatewayVerdict: Sendable, Equatable {
    /// Valid and admitted: the queue or the handler gets it next. (What the body
    /// carries, its id and key, is the validator's to say: `PayloadValidator.Captured`.)
    case admitted
    /// 429, and the limit that refused it.
    case throttled(ThrottleLevel)
    /// Refused before entering: 400, 401, 403, 413 or 503, with a message.
    case rejected(Rejection)

    public struct Rejection: Sendable, Equatable {
        public var status: Int
        public var message: String
        public init(status: Int, message: String) { self.status = status; self.message = message }
    }
}
