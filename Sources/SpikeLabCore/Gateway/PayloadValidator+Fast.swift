extension PayloadValidator {
    /// The fast pass: the same grammar and rules as `explain`, over raw pointers
    /// and a reference-free schema; returns nil for anything `explain` refuses.
    /// Tests check that both passes agree on generated and mutated bodies.
    func validateFast(_ body: UnsafeBufferPointer<UInt8>) -> Captured? {
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
                let id = String(decoding: UnsafeBufferPointer(rebasing: body[idRange]), as: UTF8.self)
                let key = keyRange.map { String(decoding: UnsafeBufferPointer(rebasing: body[$0]), as: UTF8.self) }
                return Captured(id: id, partitionKey: key)
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
        skipSpace()
        if !eat(UInt8(ascii: "}")) {
            while true {
                skipSpace()
                guard let name = string() else { return false }
                skipSpace()
                guard eat(UInt8(ascii: ":")) else { return false }
                skipSpace()
                var match = -1
                for i in 0..<count where equals(name, fields[fieldsStart + i]) { match = i; break }
                if match >= 0 {
                    seen |= 1 << UInt64(match)
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
            guard let (value, isInteger) = number() else { return nil }
            if field.kind == .positiveInteger { guard isInteger && value >= 1 else { return nil } } else { guard value >= 0 else { return nil } }
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
    mutating func string() -> Range<Int>? {
        guard eat(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
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
        return nil
    }

    /// A number's value and whether it was written as an integer.
    mutating func number() -> (Double, Bool)? {
        var negative = false
        if peek() == UInt8(ascii: "-") { negative = true; position += 1 }
        let intStart = position
        var value = 0.0
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
            value = value * 10 + Double(bytes[position] - 48)
            position += 1
        }
        let digits = position - intStart
        guard digits > 0, digits == 1 || bytes[intStart] != 48 else { return nil }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            var scale = 0.1
            let fracStart = position
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                value += Double(bytes[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > fracStart else { return nil }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            var expNegative = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { expNegative = peek() == UInt8(ascii: "-"); position += 1 }
            var exponent = 0
            let expStart = position
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                exponent = min(exponent * 10 + Int(bytes[position] - 48), 400)
                position += 1
            }
            guard position > expStart else { return nil }
            var p = 1.0
            for _ in 0..<exponent { p *= 10 }
            value = expNegative ? value / p : value * p
        }
        return (negative ? -value : value, isInteger)
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
