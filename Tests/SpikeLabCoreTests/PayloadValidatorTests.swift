import Testing
@testable import SpikeLabCore

struct PayloadValidatorTests {
    let orders = PayloadValidator(schema: WorkloadKind.orders.schema, idField: "orderId", keyField: "customerId")
    let bookings = PayloadValidator(schema: WorkloadKind.bookings.schema, idField: "bookingId", keyField: "vehicleId")

    func body(_ kind: WorkloadKind, _ id: UInt64, _ variant: PayloadVariant = .valid) -> [UInt8] {
        var b: [UInt8] = []
        PayloadWriter.write(kind, requestId: id, key: Int(id % 1000), variant: variant, into: &b)
        return b
    }

    func message(_ v: PayloadValidator, _ text: String) -> String? {
        if case let .failure(f) = v.validate(Array(text.utf8)) { return f.message }
        return nil
    }

    @Test("Every generated order and booking is valid")
    func generatedBodiesAreValid() {
        for id in UInt64(1)...2000 {
            #expect(throws: Never.self) { try orders.validate(body(.orders, id)).get() }
            #expect(throws: Never.self) { try bookings.validate(body(.bookings, id)).get() }
        }
    }

    @Test("Every invalid variant is refused", arguments: [PayloadVariant.missingField, .wrongType, .malformed])
    func invalidVariantsAreRefused(variant: PayloadVariant) {
        for id in UInt64(1)...200 {
            if case .success = orders.validate(body(.orders, id, variant)) { Issue.record("order \(id) \(variant) admitted") }
            if case .success = bookings.validate(body(.bookings, id, variant)) { Issue.record("booking \(id) \(variant) admitted") }
        }
    }

    @Test("Messages name the field")
    func messagesNameTheField() {
        #expect(message(orders, #"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":0,"price":1}],"total":1,"currency":"GBP"}"#)
                == "field 'items[0].quantity' must be an integer of at least 1")
        #expect(message(orders, #"{"orderId":"o-1","customerId":"c","items":[],"total":1,"currency":"GBP"}"#)
                == "field 'items' must be an array of at least 1 object(s)")
        #expect(message(orders, #"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":-1,"currency":"GBP"}"#)
                == "field 'total' must be a number of at least 0")
        #expect(message(orders, #"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"gbp"}"#)
                == "field 'currency' must be a 3-letter currency code")
        #expect(message(bookings, #"{"bookingId":"b","vehicleId":"v","customerId":"c","pickupLocation":"x","pickupTime":"tomorrow","returnTime":"2026-12-01T10:00:00Z"}"#)
                == "field 'pickupTime' must be an RFC 3339 UTC timestamp")
        #expect(message(orders, "[1,2]")?.hasPrefix("body is not valid JSON: the body must be a JSON object") == true)
        #expect(message(orders, #"{"orderId": "o-1""#)?.hasPrefix("body is not valid JSON") == true)
    }

    @Test("The fast and the careful pass agree on 20,000 mutated bodies")
    func passesAgree() {
        var rng = Xoshiro256(seed: 99)
        // JSON's punctuation and literals, escapes, a control byte and UTF-8.
        let alphabet = Array(#"{}[]":,.-+eE0123456789 \truefalsnu/"#.utf8) + [0x01, 0x1F, 0x7F, 0xC3, 0xA9]
        for i in 0..<20_000 {
            let kind: WorkloadKind = i % 2 == 0 ? .orders : .bookings
            let validator = kind == .orders ? orders : bookings
            var b = body(kind, UInt64(i + 1), PayloadVariant.allCases[rng.below(4)])
            for _ in 0..<rng.below(3) where !b.isEmpty {
                switch rng.below(3) {
                case 0: b[rng.below(b.count)] = alphabet[rng.below(alphabet.count)]
                case 1: b.remove(at: rng.below(b.count))
                default: b.insert(alphabet[rng.below(alphabet.count)], at: rng.below(b.count))
                }
            }
            let fast = b.withUnsafeBufferPointer { validator.validateFast($0) }
            let careful = b.withUnsafeBufferPointer { validator.explain($0) }
            switch careful {
            case let .success(c): #expect(fast == c, "body \(String(decoding: b, as: UTF8.self))")
            case .failure: #expect(fast == nil, "body \(String(decoding: b, as: UTF8.self))")
            }
        }
    }

    /// Bodies aimed at the fast pass's shortcuts: the field-order guess, names
    /// compared word by word, strings skipped 8 bytes at a time, numbers decided
    /// from their digits. Each must get the careful pass's verdict, and the
    /// expected one.
    @Test("The fast pass's shortcuts agree with the careful pass", arguments: [
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, true),
        (#"{"currency":"GBP","total":1,"items":[{"price":1,"quantity":1,"sku":"s"}],"customerId":"c","orderId":"o-1"}"#, true),
        (#"{"orderId":"o-1","extra":{"a":[1,"x\"y"]},"customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, true),
        (#"{"order\u0049d":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderIdX":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderXd":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerXd":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"totaX":1,"currency":"GBP"}"#, false),
        (#"{"orderI":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP","orderId":""}"#, false),
        (#"{"orderId":"o-1234567\"89","customerId":"c\\\/\u00e9 x","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, true),
        (#"{"orderId":"o-1234567\x89","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-12345678901234567890\u00zz","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"é-ü-1234567890","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1,"currency":"GBP"}"#, true),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":10,"price":0}],"total":0.0,"currency":"GBP"}"#, true),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":0,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1.0,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1e2,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":-1,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":01,"price":1}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":99999999999999999999999,"price":1}],"total":1,"currency":"GBP"}"#, true),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":-0}],"total":-0.0,"currency":"GBP"}"#, true),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":-1e-400}],"total":1E+2,"currency":"GBP"}"#, true),
        // 0e400 is 0 × 10^400 = 0 × infinity = NaN in Double, which both passes refuse.
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":0e400,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":-0.5}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1.}],"total":1,"currency":"GBP"}"#, false),
        (#"{"orderId":"o-1","customerId":"c","items":[{"sku":"s","quantity":1,"price":1}],"total":1e,"currency":"GBP"}"#, false),
        (#" { "orderId" : "o-1" , "customerId" : "c" , "items" : [ { "sku" : "s" , "quantity" : 1 , "price" : 1 } ] , "total" : 1 , "currency" : "GBP" } "#, true),
    ])
    func shortcutsAgree(body text: String, valid: Bool) {
        let b = Array(text.utf8)
        let fast = b.withUnsafeBufferPointer { orders.validateFast($0) }
        let careful = b.withUnsafeBufferPointer { orders.explain($0) }
        switch careful {
        case let .success(c): #expect(fast == c)
        case .failure: #expect(fast == nil)
        }
        #expect((fast != nil) == valid)
    }

    @Test("A word's first quote, backslash or control byte, at every position")
    func firstSpecialFindsTheFirst() {
        let plain: [UInt8] = Array("abcdefgh".utf8)
        #expect(FastCursor.firstSpecial(word(plain)) == 8)
        #expect(FastCursor.firstSpecial(word([0xC3, 0xA9, 0x7F, 0x80, 0xFF, 0x20, 0x21, 0x5B])) == 8)
        for special: UInt8 in [0x22, 0x5C, 0x00, 0x01, 0x1F] {
            for at in 0..<8 {
                var w = plain
                w[at] = special
                // A later special byte (here a quote) must not hide the first.
                if at < 7 { w[7] = 0x22 }
                #expect(FastCursor.firstSpecial(word(w)) == at, "byte \(special) at \(at)")
            }
        }
    }

    private func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }
}
