/// The required fields of a request body and what each must hold.
///
/// Every field listed is required; fields not listed are allowed and skipped, as a
/// JSON-schema model with `additionalProperties: true` does.
public struct PayloadSchema: Sendable, Equatable {
    public indirect enum FieldType: Sendable, Equatable {
        /// A non-empty string.
        case identifier
        /// An integer of at least one.
        case positiveInteger
        /// A number of at least zero.
        case nonNegativeNumber
        /// Three upper-case letters (ISO 4217).
        case currencyCode
        /// An RFC 3339 UTC timestamp, `2026-12-24T09:30:00Z`.
        case timestamp
        /// An array of at least `minCount` objects, each of this schema.
        case array(minCount: Int, of: [Field])

        var description: String {
            switch self {
            case .identifier: return "a non-empty string"
            case .positiveInteger: return "an integer of at least 1"
            case .nonNegativeNumber: return "a number of at least 0"
            case .currencyCode: return "a 3-letter currency code"
            case .timestamp: return "an RFC 3339 UTC timestamp"
            case let .array(minCount, _): return "an array of at least \(minCount) object(s)"
            }
        }
    }

    public struct Field: Sendable, Equatable {
        public let name: String
        let nameBytes: [UInt8]
        public let type: FieldType
        public init(_ name: String, _ type: FieldType) {
            self.name = name
            self.nameBytes = Array(name.utf8)
            self.type = type
        }
    }

    public let fields: [Field]
    public init(fields: [Field]) { self.fields = fields }
}
