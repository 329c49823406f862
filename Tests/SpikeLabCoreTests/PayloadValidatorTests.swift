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
        let alphabet = Array(#"{}[]":,.-+eE0123456789 \truefalsn"#.utf8)
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
}
