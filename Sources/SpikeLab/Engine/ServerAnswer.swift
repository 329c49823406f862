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

    static func message(_ status: Int, _ text: String, extra: String = "") -> ServerAnswer {
        ServerAnswer(status: status, body: "{\"message\":\(JSONText.quote(text))\(extra)}")
    }
}

/// JSON string quoting for small hand-made bodies.
enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
