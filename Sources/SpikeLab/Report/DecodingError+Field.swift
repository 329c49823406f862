import Foundation

/// A JSON file's problem as a person reads it: the field's path and what is wrong
/// with it, rather than the decoder's debug description.
extension DecodingError {
    /// `metrics.p99(end_to_end): expected a number`,
    /// `seed: missing`, or, for text that is not JSON, the parser's own reason.
    public var fieldDescription: String {
        func path(_ context: Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch self {
        case let .typeMismatch(type, context):
            return "\(path(context)): expected \(Self.kind(type))"
        case let .valueNotFound(type, context):
            return "\(path(context)): is null; expected \(Self.kind(type))"
        case let .keyNotFound(key, context):
            return "\(path(context, key)): missing"
        case let .dataCorrupted(context):
            let reason = (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
            return context.codingPath.isEmpty ? "not valid JSON (\(reason))" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type: return "a whole number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array") ? "a list" : name.hasPrefix("Dictionary") ? "an object" : name
        }
    }
}
