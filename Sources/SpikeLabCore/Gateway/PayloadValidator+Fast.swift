extension PayloadValidator {
    /// The fast pass: the same grammar and rules as `explain`, over raw pointers
    /// and a reference-free schema; returns nil for anything `explain` refuses.
    /// Tests check that both passes agree on generated and mutated bodies.
    func validateFast(_ body: UnsafeBufferPointer<UInt8>) -> Captured? {
        guard let ranges = capturedRanges(body) else { return nil }
        return Captured(id: String(decoding: UnsafeBufferPointer(rebasing: body[ranges.id]), as: UTF8.self),
                        partitionKey: ranges.partitionKey.map { String(decoding: UnsafeBufferPointer(rebasing: body[$0]), as: UTF8.self) })
    }

    /// Where a valid body's captured fields lie in it: the bytes between each
    /// string's quotes, as `Captured` holds them.
    public struct CapturedRanges: Sendable, Equatable {
        public var id: Range<Int>
        public var partitionKey: Range<Int>?
    }

    /// The fast pass, giving a valid body's captured fields as ranges of its
    /// bytes, so that a caller can take what it needs without making strings;
    /// nil for a body `validate` refuses (ask it why).
    /// - Complexity: O(n) in the body's length.
    public func capturedRanges(_ body: UnsafeBufferPointer<UInt8>) -> CapturedRanges? {
        compiled.fields.withUnsafeBufferPointer { fields in
            compiled.names.withUnsafeBufferPointer { names in
                var cursor = FastCursor(bytes: body, fields: fields, names: names)
                var idRange: Range<Int>? = nil
                var keyRange: Range<Int>? = nil
                cursor.skipSpace()
                guard cursor.object(fieldsStart: 0, count: compiled.topCount, depth: 1, top: true,
                                    idIndex: idIndex, keyIndex: keyIndex ?? -1, id: &idRange, key: &keyRange) else { return nil }
                cursor.skipSpace()
                guard cursor.position == body.count, let idRange else { return nil }
                return CapturedRanges(id: idRange, partitionKey: keyRange)
            }
        }
    }
}

/// The fast pass's cursor. Every method returns false at the first problem.
struct FastCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let fields: UnsafeBufferPointer<CompiledSchema.Field>
    let names: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, fields: UnsafeBufferPointer<CompiledSchema.Field>, names: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.fields = fields
        self.names = names
    }

    @inline(__always) func peek() -> UInt8 { position < bytes.count ? bytes[position] : 0 }

    @inline(__always) mutating func skipSpace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
            position += 1
        }
    }

    @inline(__always) mutating func eat(_ b: UInt8) -> Bool {
        guard peek() == b else { return false }
        position += 1
        return true
    }

    mutating func object(fieldsStart: Int, count: Int, depth: Int, top: Bool,
                         idIndex: Int, keyIndex: Int, id: inout Range<Int>?, key: inout Range<Int>?) -> Bool {
        guard eat(UInt8(ascii: "{")) else { return false }
        var seen: UInt64 = 0
        // Bodies usually list the fields in the schema's order: the field after
        // the last one found is tried first, with one comparison.
        var expected = 0
        skipSpace()
        if !eat(UInt8(ascii: "}")) {
            while true {
                skipSpace()
                guard let match = fieldName(fieldsStart: fieldsStart, count: count, expected: expected) else { return false }
                skipSpace()
                guard eat(UInt8(ascii: ":")) else { return false }
                skipSpace()
                if match >= 0 {
                    seen |= 1 << UInt64(match)
                    expected = match + 1 < count ? match + 1 : 0
                    let field = fields[fieldsStart + match]
                    guard let range = value(field, depth: depth, idIndex: idIndex, keyIndex: keyIndex, id: &id, key: &key) else { return false }
                    if top && match == idIndex { id = range }
                    if top && match == keyIndex { key = range }
                } else {
                    guard skipValue(depth: depth) else { return false }
                }
                skipSpace()
                if eat(UInt8(ascii: ",")) { continue }
                guard eat(UInt8(ascii: "}")) else { return false }
                break
            }
        }
        return seen == (count == 64 ? ~0 : (UInt64(1) << UInt64(count)) - 1)
    }

    /// Reads an object's member name: the index of the schema field it names
    /// (among `fields[fieldsStart..<fieldsStart+count]`), -1 for a name the
    /// schema does not know, nil when it is not a string.
    ///
    /// Names compare as raw bytes (an escaped spelling of a field's name is
    /// another name), as `explain` compares them. The `expected` field is tried
    /// in place: its name's bytes followed by the closing quote are exactly what
    /// the string scan would have found, since no name holds a quote, a
    /// backslash or a control byte.
    @inline(__always)
    mutating func fieldName(fieldsStart: Int, count: Int, expected: Int) -> Int? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        if count > 0 {
            let field = fields[fieldsStart + expected]
            let start = position + 1
            let n = Int(field.nameCount)
            if start + n < bytes.count, bytes[start + n] == UInt8(ascii: "\""),
               Self.equalBytes(bytes.baseAddress! + start, names.baseAddress! + Int(field.nameStart), count: n) {
                position = start + n + 1
                return expected
            }
        }
        guard let name = string() else { return nil }
        for i in 0..<count where equals(name, fields[fieldsStart + i]) { return i }
        return -1
    }

    /// Whether `n` bytes at `a` and at `b` are equal: 8 or 4 bytes at a time,
    /// the last word overlapping the one before it.
    @inline(__always)
    static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count n: Int) -> Bool {
        @inline(__always) func word(_ p: UnsafePointer<UInt8>) -> UInt64 { UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }
        @inline(__always) func half(_ p: UnsafePointer<UInt8>) -> UInt32 { UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) }
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                guard word(a + i) == word(b + i) else { return false }
                i += 8
            }
            return word(a + n - 8) == word(b + n - 8)
        }
        if n >= 4 { return half(a) == half(b) && half(a + n - 4) == half(b + n - 4) }
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    /// Checks one field's value; returns a string value's range (or an empty
    /// range for other kinds), nil when invalid.
    mutating func value(_ field: CompiledSchema.Field, depth: Int, idIndex: Int, keyIndex: Int,
                        id: inout Range<Int>?, key: inout Range<Int>?) -> Range<Int>? {
        switch field.kind {
        case .identifier, .currencyCode, .timestamp:
            guard peek() == UInt8(ascii: "\""), let r = string() else { return nil }
            let v = UnsafeBufferPointer(rebasing: bytes[r])
            switch field.kind {
            case .identifier: guard !v.isEmpty else { return nil }
            case .currencyCode: guard v.count == 3, v.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return nil }
            default: guard PayloadValidator.isTimestamp(v) else { return nil }
            }
            return r
        case .positiveInteger, .nonNegativeNumber:
            guard let form = number(), field.kind == .positiveInteger ? form.positiveInteger : form.nonNegative else { return nil }
            return position..<position
        case .array:
            guard depth < PayloadValidator.maxDepth, eat(UInt8(ascii: "[")) else { return nil }
            var n = 0
            skipSpace()
            if !eat(UInt8(ascii: "]")) {
                while true {
                    skipSpace()
                    var none1: Range<Int>? = nil
                    var none2: Range<Int>? = nil
                    guard object(fieldsStart: Int(field.childStart), count: Int(field.childCount), depth: depth + 1, top: false,
                                 idIndex: -1, keyIndex: -1, id: &none1, key: &none2) else { return nil }
                    n += 1
                    skipSpace()
                    if eat(UInt8(ascii: ",")) { continue }
                    guard eat(UInt8(ascii: "]")) else { return nil }
                    break
                }
            }
            return n >= Int(field.minCount) ? position..<position : nil
        }
    }

    @inline(__always) func equals(_ r: Range<Int>, _ f: CompiledSchema.Field) -> Bool {
        guard r.count == Int(f.nameCount) else { return false }
        var j = Int(f.nameStart)
        for i in r { if bytes[i] != names[j] { return false }; j += 1 }
        return true
    }

    /// A string's raw contents, escapes checked.
    ///
    /// Plain bytes are skipped 8 at a time: `firstSpecial` finds the first quote,
    /// backslash or control byte in a word.
    mutating func string() -> Range<Int>? {
        guard eat(UInt8(ascii: "\"")) else { return nil }
        let start = position
        let base = bytes.baseAddress!
        while true {
            while position + 8 <= bytes.count {
                let skip = Self.firstSpecial(UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)))
                position += skip
                if skip < 8 { break }
            }
            guard position < bytes.count else { return nil }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") { position += 1; return start..<(position - 1) }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count else { return nil }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count else { return nil }
                    for i in 1...4 where !PayloadValidator.Scanner.isHex(bytes[position + i]) { return nil }
                    position += 5
                default:
                    return nil
                }
                continue
            }
            position += 1
        }
    }

    /// The index (0 to 7) of the first byte of `word` (little-endian) that is a
    /// quote, a backslash or below 0x20; 8 when there is none.
    ///
    /// Each of the three tests is the classic "has a zero byte" trick, whose
    /// lowest flagged byte is always a true match (a false flag needs a borrow
    /// from a true match below it); bytes of 0x80 and up are never flagged.
    @inline(__always)
    static func firstSpecial(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let flags = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return (flags & (ones &* 0x80)).trailingZeroBitCount >> 3
    }

    /// A number's form, for the schema's two numeric rules: whether its value is
    /// at least 0, and whether it is written as an integer of at least 1.
    ///
    /// A plain number (no sign, no exponent: what the generator and nearly every
    /// client write) is decided from its digits; any other is valued in Double
    /// exactly as `explain` values it, so that both passes agree to the last
    /// quirk (`0e400` is 0 × infinity there, which is not at least 0).
    mutating func number() -> (nonNegative: Bool, positiveInteger: Bool)? {
        let start = position
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        let intStart = position
        skipDigits()
        let digits = position - intStart
        guard digits > 0, digits == 1 || bytes[intStart] != 48 else { return nil }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            let fracStart = position
            skipDigits()
            guard position > fracStart else { return nil }
        }
        var hasExponent = false
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            hasExponent = true
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            let expStart = position
            skipDigits()
            guard position > expStart else { return nil }
        }
        if !negative && !hasExponent {
            return (true, isInteger && !(digits == 1 && bytes[intStart] == 48))
        }
        let value = Self.value(ofNumber: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        return (value >= 0, isInteger && value >= 1)
    }

    @inline(__always) mutating func skipDigits() {
        while position < bytes.count, bytes[position] &- 48 < 10 { position += 1 }
    }

    /// The value of a well-formed JSON number, computed as `explain` computes it.
    static func value(ofNumber n: UnsafeBufferPointer<UInt8>) -> Double {
        var i = 0
        let negative = n[0] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value = 0.0
        while i < n.count, n[i] &- 48 < 10 { value = value * 10 + Double(n[i] - 48); i += 1 }
        if i < n.count, n[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < n.count, n[i] &- 48 < 10 { value += Double(n[i] - 48) * scale; scale /= 10; i += 1 }
        }
        if i < n.count {
            i += 1  // e or E
            var expNegative = false
            if n[i] == UInt8(ascii: "+") || n[i] == UInt8(ascii: "-") { expNegative = n[i] == UInt8(ascii: "-"); i += 1 }
            var exponent = 0
            while i < n.count { exponent = min(exponent * 10 + Int(n[i] - 48), 400); i += 1 }
            var p = 1.0
            for _ in 0..<exponent { p *= 10 }
            value = expNegative ? value / p : value * p
        }
        return negative ? -value : value
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { return false }
        for i in 0..<n where bytes[position + i] != word.utf8Start[i] { return false }
        position += n
        return true
    }

    mutating func skipValue(depth: Int) -> Bool {
        guard depth < PayloadValidator.maxDepth else { return false }
        switch peek() {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "{"):
            position += 1
            skipSpace()
            if eat(UInt8(ascii: "}")) { return true }
            while true {
                skipSpace()
                guard string() != nil else { return false }
                skipSpace()
                guard eat(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if eat(UInt8(ascii: ",")) { continue }
                return eat(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            position += 1
            skipSpace()
            if eat(UInt8(ascii: "]")) { return true }
            while true {
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if eat(UInt8(ascii: ",")) { continue }
                return eat(UInt8(ascii: "]"))
            }
        default:
            let b = peek()
            guard b == UInt8(ascii: "-") || (b >= 48 && b <= 57) else { return false }
            return number() != nil
        }
    }
}
