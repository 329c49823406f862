/// What a generated body is: valid, or one of the ways clients get it wrong.
public enum PayloadVariant: UInt8, Sendable, Equatable, CaseIterable {
    case valid
    /// A required field left out.
    case missingField
    /// A required field of the wrong type.
    case wrongType
    /// Not JSON at all: the body is cut short.
    case malformed
}
