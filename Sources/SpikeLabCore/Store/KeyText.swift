/// One key string (a partition key or a sort key) as 16 plain bytes, so that
/// the messages and items that carry keys copy without reference counting.
///
/// A string of up to 15 UTF-8 bytes is held inline: its bytes, zero-padded,
/// and its length in the last byte. A longer one is a number in the store's
/// `KeyArena`, which interns it, so the same string always gets the same number.
///
/// Invariant: a string has exactly one `KeyText` within one arena (inline when it
/// fits, else its interned number), so two keys are equal exactly when their
/// bits are. Generated traffic's keys all fit (`o-000000001234` is 14 bytes).
public struct KeyText: Sendable, Hashable {
    /// Bytes 0 to 7.
    var low: UInt64
    /// Bytes 8 to 14, and the length (or `Self.interned`) in the top byte.
    var high: UInt64

    /// The longest string held inline.
    public static let inlineCapacity = 15
    /// The length byte of an interned string's `KeyText`.
    static let interned: UInt64 = 0xFF

    /// The inline form of `string`; nil when it is longer than 15 UTF-8 bytes.
    /// - Complexity: O(1) (at most 15 bytes).
    public init?(inline string: String) {
        var string = string
        guard let text = string.withUTF8({ Self(inline: $0) }) else { return nil }
        self = text
    }

    /// The inline form of `bytes`; nil when there are more than 15.
    public init?(inline bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= Self.inlineCapacity else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        low = UInt64(littleEndian: words.0)
        high = UInt64(littleEndian: words.1) | UInt64(bytes.count) << 56
    }

    /// The `KeyText` of an arena's string number `index`.
    init(internedAt index: UInt32) {
        low = UInt64(index)
        high = Self.interned << 56
    }

    /// Whether the string is held inline (else it is in an arena).
    public var isInline: Bool { high >> 56 != Self.interned }

    /// The arena's number for an interned string.
    var internedIndex: Int? { isInline ? nil : Int(low) }

    /// The string of an inline `KeyText`; nil for an interned one (ask its arena).
    public var inlineString: String? {
        guard isInline else { return nil }
        let count = Int(high >> 56)
        return withUnsafeBytes(of: (low.littleEndian, high.littleEndian)) { String(decoding: $0.prefix(count), as: UTF8.self) }
    }
}
