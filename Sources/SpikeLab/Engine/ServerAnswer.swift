import Foundation
import SpikeLabCore

/// An HTTP answer from the embedded pipeline (`spikelab serve`).
public struct ServerAnswer: Sendable, Equatable {
    public var status: Int
    /// A JSON body.
    public var body: String
    /// Seconds, for a 429.
    public var retryAfter: Int?

    public init(status: Int, body: String, retryAfter: Int? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }

    /// An answer whose body is `{"message": text}`, plus `level` when given,
    /// written by `JSONEncoder` (so any text is escaped as JSON requires).
    public static func message(_ status: Int, _ text: String, level: String? = nil) -> ServerAnswer {
        ServerAnswer(status: status, body: json(MessageBody(message: text, level: level)))
    }

    /// The 429 for each throttling level, with `Retry-After: 1`, made once.
    static let throttled: [ThrottleLevel: ServerAnswer] = Dictionary(uniqueKeysWithValues: ThrottleLevel.allCases.map { level in
        var answer = message(429, "too many requests", level: level.rawValue)
        answer.retryAfter = 1
        return (level, answer)
    })

    /// `value` as compact JSON with sorted keys.
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private struct MessageBody: Encodable {
        var message: String
        var level: String?
    }
}
