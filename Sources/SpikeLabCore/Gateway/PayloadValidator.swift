/// Validates a JSON request body against a `PayloadSchema` in one pass.
///
/// A small recursive-descent scanner over the UTF-8 bytes: it checks syntax and
/// the schema together and builds no tree, so a 300-byte order costs well under a
/// microsecond. It captures two top-level string fields (the record's id and its
/// partition key) for the stages after the gateway.
///
/// Invariant: a body accepted here is well-formed JSON (RFC 8259) whose top
/// level is an object holding every required field with a value of its type.
public struct PayloadValidator: Sendable {
    /// Why a body was refused: the gateway answers 400 with this message.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// What a valid body yields.
    public struct Captured: Sendable, Equatable {
        public var id: String
        public var partitionKey: String?
    }

    public let schema: PayloadSchema
    let compiled: CompiledSchema
    let idIndex: Int
    let keyIndex: Int?

    /// Objects and arrays may nest this deep; deeper bodies are refused.
    public static let maxDepth = 32

    /// - Parameters:
    ///   - idField: the top-level field captured as the record id.
    ///   - keyField: the top-level field captured as the partition key, if any.
    public init(schema: PayloadSchema, idField: String, keyField: String?) {
        self.schema = schema
        idIndex = schema.fields.firstIndex { $0.name == idField } ?? 0
        keyIndex = keyField.flatMap { k in schema.fields.firstIndex { $0.name == k } }
        compiled = CompiledSchema(schema)
    }

    /// Validates `body`: a fast pass that only decides, and on refusal a second,
    /// careful pass that says why (refusals are rare, so they may cost more).
    /// - Complexity: O(n) in the body's length.
    public func validate(_ body: UnsafeBufferPointer<UInt8>) -> Result<Captured, Failure> {
        if let captured = validateFast(body) { return .success(captured) }
        return explain(body)
    }

    /// The careful pass: builds field paths for its messages.
    func explain(_ body: UnsafeBufferPointer<UInt8>) -> Result<Captured, Failure> {
        var scanner = Scanner(bytes: body)
        var captured = Captured(id: "", partitionKey: nil)
        do throws(Failure) {
            scanner.skipSpace()
            try validateObject(&scanner, fields: schema.fields, path: "", depth: 1, captured: &captured)
            scanner.skipSpace()
            if scanner.position != body.count { throw scanner.syntaxError("unexpected data after the object") }
            return .success(captured)
        } catch {
            return .failure(error)
        }
    }

    public func validate(_ body: [UInt8]) -> Result<Captured, Failure> {
        body.withUnsafeBufferPointer { validate($0) }
    }

    private func validateObject(
        _ s: inout Scanner, fields: [PayloadSchema.Field], path: String, depth: Int, captured: inout Captured
    ) throws(Failure) {
        guard s.peek() == UInt8(ascii: "{") else {
            if path.isEmpty { throw s.syntaxError("the body must be a JSON object") }
            throw Failure(message: "field '\(path)' must be an object")
        }
        s.position += 1
        var seen: UInt64 = 0
        s.skipSpace()
        if s.peek() == UInt8(ascii: "}") {
            s.position += 1
        } else {
            while true {
                s.skipSpace()
                let key = try s.scanString()
                s.skipSpace()
                try s.expect(UInt8(ascii: ":"))
                s.skipSpace()
                if let index = fields.firstIndex(where: { s.equals(key, $0.nameBytes) }) {
                    seen |= 1 << UInt64(index)
                    let field = fields[index]
                    let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
                    try validateValue(&s, type: field.type, path: fieldPath, depth: depth, captureAs: path.isEmpty ? index : -1, captured: &captured)
                } else {
                    try s.skipValue(depth: depth)
                }
                s.skipSpace()
                if s.peek() == UInt8(ascii: ",") { s.position += 1; continue }
                try s.expect(UInt8(ascii: "}"))
                break
            }
        }
        for (i, field) in fields.enumerated() where seen & (1 << UInt64(i)) == 0 {
            throw Failure(message: "missing required field '\(path.isEmpty ? field.name : "\(path).\(field.name)")'")
        }
    }

    private func validateValue(
        _ s: inout Scanner, type: PayloadSchema.FieldType, path: String, depth: Int, captureAs index: Int, captured: inout Captured
    ) throws(Failure) {
        func wrong() -> Failure { Failure(message: "field '\(path)' must be \(type.description)") }
        switch type {
        case .identifier, .currencyCode, .timestamp:
            guard s.peek() == UInt8(ascii: "\"") else { try s.skipValue(depth: depth); throw wrong() }
            let range = try s.scanString()
            let value = UnsafeBufferPointer(rebasing: s.bytes[range])
            switch type {
            case .identifier: guard !value.isEmpty else { throw wrong() }
            case .currencyCode: guard value.count == 3, value.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { throw wrong() }
            default: guard Self.isTimestamp(value) else { throw wrong() }
            }
            // The id may be the partition key too (the default): capture both.
            if index == idIndex {
                captured.id = String(decoding: value, as: UTF8.self)
            }
            if index >= 0 && index == keyIndex {
                captured.partitionKey = String(decoding: value, as: UTF8.self)
            }
        case .positiveInteger, .nonNegativeNumber:
            guard let number = try s.scanNumberIfPresent() else { try s.skipValue(depth: depth); throw wrong() }
            if type == .positiveInteger {
                guard number.isInteger, number.value >= 1 else { throw wrong() }
            } else {
                guard number.value >= 0 else { throw wrong() }
            }
        case let .array(minCount, itemFields):
            guard s.peek() == UInt8(ascii: "[") else { try s.skipValue(depth: depth); throw wrong() }
            guard depth < Self.maxDepth else { throw s.syntaxError("nesting deeper than \(Self.maxDepth)") }
            s.position += 1
            var count = 0
            s.skipSpace()
            if s.peek() == UInt8(ascii: "]") {
                s.position += 1
            } else {
                while true {
                    s.skipSpace()
                    try validateObject(&s, fields: itemFields, path: "\(path)[\(count)]", depth: depth + 1, captured: &captured)
                    count += 1
                    s.skipSpace()
                    if s.peek() == UInt8(ascii: ",") { s.position += 1; continue }
                    try s.expect(UInt8(ascii: "]"))
                    break
                }
            }
            guard count >= minCount else { throw wrong() }
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff]Z` with plausible field ranges.
    static func isTimestamp(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        guard v.count >= 20, v[4] == 45, v[7] == 45, v[10] == 84, v[13] == 58, v[16] == 58, v[v.count - 1] == 90 else { return false }
        func num(_ a: Int, _ n: Int) -> Int? {
            var x = 0
            for i in a..<(a + n) { guard v[i] >= 48 && v[i] <= 57 else { return nil }; x = x * 10 + Int(v[i] - 48) }
            return x
        }
        guard let month = num(5, 2), let day = num(8, 2), let hour = num(11, 2), let minute = num(14, 2),
              let second = num(17, 2), num(0, 4) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day) && hour < 24 && minute < 60 && second < 61
    }
}

extension PayloadValidator {
    /// A cursor over the body's bytes. Errors name the byte offset.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        func syntaxError(_ what: String) -> Failure {
            Failure(message: "body is not valid JSON: \(what) at byte \(position)")
        }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            guard peek() == byte else {
                throw syntaxError(peek() == nil ? "unexpected end" : "expected '\(Character(UnicodeScalar(byte)))'")
            }
            position += 1
        }

        func equals(_ range: Range<Int>, _ name: [UInt8]) -> Bool {
            guard range.count == name.count else { return false }
            var i = range.lowerBound
            for b in name { if bytes[i] != b { return false }; i += 1 }
            return true
        }

        /// Scans a string and returns the range of its raw contents (escapes
        /// checked, not decoded).
        mutating func scanString() throws(Failure) -> Range<Int> {
            try expect(UInt8(ascii: "\""))
            let start = position
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    position += 1
                    return start..<(position - 1)
                }
                if b < 0x20 { throw syntaxError("control character in a string") }
                if b == UInt8(ascii: "\\") {
                    position += 1
                    guard let e = peek() else { break }
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 1
                    case UInt8(ascii: "u"):
                        guard position + 4 < bytes.count else { throw syntaxError("short \\u escape") }
                        for i in 1...4 where !Self.isHex(bytes[position + i]) { throw syntaxError("bad \\u escape") }
                        position += 5
                    default:
                        throw syntaxError("bad escape")
                    }
                    continue
                }
                position += 1
            }
            throw syntaxError("unterminated string")
        }

        static func isHex(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
        }

        /// A number's value and whether it was written as an integer.
        struct Number { var value: Double; var isInteger: Bool }

        /// Scans a number if one starts here; nil (position unchanged) otherwise.
        mutating func scanNumberIfPresent() throws(Failure) -> Number? {
            guard let first = peek(), first == UInt8(ascii: "-") || (first >= 48 && first <= 57) else { return nil }
            var negative = false
            if first == UInt8(ascii: "-") { negative = true; position += 1 }
            var intPart = 0.0
            var digits = 0
            let intStart = position
            while let d = peek(), d >= 48 && d <= 57 { intPart = intPart * 10 + Double(d - 48); position += 1; digits += 1 }
            guard digits > 0 else { throw syntaxError("bad number") }
            if digits > 1 && bytes[intStart] == 48 { throw syntaxError("leading zero in a number") }
            var value = intPart
            var isInteger = true
            if peek() == UInt8(ascii: ".") {
                position += 1
                isInteger = false
                var scale = 0.1
                var fraction = 0
                while let d = peek(), d >= 48 && d <= 57 { value += Double(d - 48) * scale; scale /= 10; position += 1; fraction += 1 }
                guard fraction > 0 else { throw syntaxError("bad number") }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                position += 1
                isInteger = false
                var expNegative = false
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { expNegative = sign == UInt8(ascii: "-"); position += 1 }
                var exponent = 0
                var expDigits = 0
                while let d = peek(), d >= 48 && d <= 57 { exponent = min(exponent * 10 + Int(d - 48), 400); position += 1; expDigits += 1 }
                guard expDigits > 0 else { throw syntaxError("bad exponent") }
                var p = 1.0
                for _ in 0..<exponent { p *= 10 }
                value = expNegative ? value / p : value * p
            }
            return Number(value: negative ? -value : value, isInteger: isInteger)
        }

        mutating func skipLiteral(_ word: StaticString) throws(Failure) {
            let n = word.utf8CodeUnitCount
            guard position + n <= bytes.count else { throw syntaxError("unexpected end") }
            let p = word.utf8Start
            for i in 0..<n where bytes[position + i] != p[i] { throw syntaxError("unexpected token") }
            position += n
        }

        /// Skips any JSON value, checking its syntax.
        mutating func skipValue(depth: Int) throws(Failure) {
            guard depth < PayloadValidator.maxDepth else { throw syntaxError("nesting deeper than \(PayloadValidator.maxDepth)") }
            switch peek() {
            case UInt8(ascii: "\""): _ = try scanString()
            case UInt8(ascii: "t"): try skipLiteral("true")
            case UInt8(ascii: "f"): try skipLiteral("false")
            case UInt8(ascii: "n"): try skipLiteral("null")
            case UInt8(ascii: "{"):
                position += 1
                skipSpace()
                if peek() == UInt8(ascii: "}") { position += 1; return }
                while true {
                    skipSpace()
                    _ = try scanString()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { position += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return
                }
            case UInt8(ascii: "["):
                position += 1
                skipSpace()
                if peek() == UInt8(ascii: "]") { position += 1; return }
                while true {
                    skipSpace()
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { position += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return
                }
            case nil:
                throw syntaxError("unexpected end")
            default:
                guard try scanNumberIfPresent() != nil else { throw syntaxError("unexpected character") }
            }
        }
    }
}
