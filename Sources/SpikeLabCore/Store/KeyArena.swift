/// The store's long key strings (over 15 UTF-8 bytes), each kept once and named
/// by its number, so that a `KeyText` stays 16 plain bytes whatever the key.
///
/// Strings are interned when a key enters the pipeline (a message admitted, an
/// item put) and kept until the run ends: the arena grows with the distinct long
/// keys admitted, not with their messages. Generated traffic has none.
///
/// Strings are kept and compared as their UTF-8 bytes, as the store compares keys
/// (not by `String`'s canonical equivalence, under which two different byte
/// strings may be equal). Each one's bytes are stored once: the list and the
/// index share one array buffer.
struct KeyArena: Sendable {
    private var bytes: [[UInt8]] = []
    private var numbers: [[UInt8]: UInt32] = [:]

    /// The `KeyText` of `string`, interning it when it is long.
    /// - Complexity: O(1) for an inline string; O(length) expected for a long one.
    mutating func text(_ string: String) -> KeyText {
        if let inline = KeyText(inline: string) { return inline }
        let utf8 = Array(string.utf8)
        if let n = numbers[utf8] { return KeyText(internedAt: n) }
        let n = UInt32(bytes.count)
        bytes.append(utf8)
        numbers[utf8] = n
        return KeyText(internedAt: n)
    }

    /// The `KeyText` of `string` if it is inline or already interned; nil for a
    /// long string never interned (so no key holds it).
    func existingText(_ string: String) -> KeyText? {
        if let inline = KeyText(inline: string) { return inline }
        return numbers[Array(string.utf8)].map { KeyText(internedAt: $0) }
    }

    /// The string of a `KeyText` made by this arena.
    /// - Complexity: O(length).
    func string(_ text: KeyText) -> String {
        if let n = text.internedIndex { return String(decoding: bytes[n], as: UTF8.self) }
        return text.inlineString!
    }

    /// Long strings interned.
    var count: Int { bytes.count }
}
