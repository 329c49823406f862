import Foundation

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
