import Testing
@testable import SpikeLabCore

struct PayloadWriterTests {
    /// Runs `write` on a sink over 64 bytes and returns what it wrote.
    private func written(_ write: (inout ByteSink) -> Void) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { space in
            space.initialize(repeating: 0xEE)
            var sink = ByteSink(space)
            write(&sink)
            return Array(sink.written)
        }
    }

    @Test("A copy of every length from 0 to 40 bytes, after every offset, is exact")
    func copiesAreExact() {
        let source = (0..<40).map { UInt8(33 + $0) }
        for offset in 0..<8 {
            for n in 0...40 where offset + n <= 64 {
                let bytes = written { sink in
                    for _ in 0..<offset { sink.append(UInt8(ascii: "_")) }
                    source.withUnsafeBufferPointer { sink.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
                }
                #expect(bytes == Array(repeating: UInt8(ascii: "_"), count: offset) + source[0..<n], "offset \(offset), length \(n)")
            }
        }
    }

    @Test("Decimals are written in full and padded with zeros to their width")
    func decimals() {
        var cases: [(UInt64, Int)] = [(0, 1), (0, 12), (7, 1), (42, 8), (123_456, 12), (999_999_999_999, 12),
                                      (1_000_000_000_000, 12), (10, 1), (UInt64.max, 1), (UInt64.max, 25)]
        // Every count of digits, at its bounds, bare and padded.
        var power: UInt64 = 1
        for _ in 0..<19 {
            for value in [power, power * 10 - 1, power + 1] { cases += [(value, 1), (value, 12)] }
            power *= 10
        }
        for (value, width) in cases {
            let digits = String(value)
            let expected = String(repeating: "0", count: max(0, width - digits.count)) + digits
            #expect(String(decoding: written { $0.appendDecimal(value, width: width) }, as: UTF8.self) == expected)
        }
    }

    @Test("Ids and keys: prefix and fixed width")
    func idsAndKeys() {
        #expect(PayloadWriter.recordId(.orders, requestId: 123_456) == "o-000000123456")
        #expect(PayloadWriter.recordId(.bookings, requestId: 1) == "b-000000000001")
        #expect(PayloadWriter.entityKey(.orders, key: 42) == "c-00000042")
        #expect(PayloadWriter.entityKey(.bookings, key: 123_456_789) == "v-123456789")
    }

    /// An order's body as the writer's rules spell it, with strings and
    /// `String(format:)`-free arithmetic: the reference the writer's item table
    /// and its byte sink are checked against.
    static func referenceOrder(requestId: UInt64, key: Int, variant: PayloadVariant) -> String {
        var h = requestId &* 0x9E37_79B9_7F4A_7C15
        let bits = Xoshiro256.splitMix(&h)
        func padded(_ v: UInt64, _ width: Int) -> String { let d = String(v); return String(repeating: "0", count: max(0, width - d.count)) + d }
        func cents(_ c: Int) -> String { "\(c / 100).\(c / 10 % 10)\(c % 10)" }
        let skus = ["SKU-BLEACH-1L", "SKU-SPONGE-6", "SKU-MOP-PRO", "SKU-GLOVES-M", "SKU-SPRAY-500", "SKU-CLOTH-10", "SKU-BUCKET-12L", "SKU-SOAP-5L"]
        var body = #"{"orderId":"o-"# + padded(requestId, 12) + "\""
        if variant != .missingField { body += #","customerId":"c-"# + padded(UInt64(key), 8) + "\"" }
        var items: [String] = []
        var total = 0
        for i in 0..<(Int(bits & 3) + 1) {
            let pick = Int((bits >> (8 * UInt64(i) + 4)) & 0xFF)
            let quantity = pick % 5 + 1
            let price = 199 + (pick * 37) % 2400
            total += quantity * price
            let q = variant == .wrongType && i == 0 ? #""many""# : String(quantity)
            items.append(#"{"sku":""# + skus[pick % 8] + #"","quantity":"# + q + #","price":"# + cents(price) + "}")
        }
        body += #","items":["# + items.joined(separator: ",") + #"],"total":"# + cents(total) + #","currency":"GBP"}"#
        if variant == .malformed { body.removeLast(body.utf8.count / 3) }
        return body
    }

    @Test("Orders from the writer's item table equal the reference, for every variant and 4,000 ids (every item pick)",
          arguments: PayloadVariant.allCases)
    func ordersMatchReference(_ variant: PayloadVariant) {
        var body: [UInt8] = []
        var picks = Set<Int>()
        for n in 0..<4_000 {
            let id = UInt64(n) &* 7_919 &+ 1
            PayloadWriter.write(.orders, requestId: id, key: n % 1_000, variant: variant, into: &body)
            let expected = Self.referenceOrder(requestId: id, key: n % 1_000, variant: variant)
            guard String(decoding: body, as: UTF8.self) == expected else {
                Issue.record("request \(id): \(String(decoding: body, as: UTF8.self)) != \(expected)")
                return
            }
            var h = id &* 0x9E37_79B9_7F4A_7C15
            let bits = Xoshiro256.splitMix(&h)
            for i in 0..<(Int(bits & 3) + 1) { picks.insert(Int((bits >> (8 * UInt64(i) + 4)) & 0xFF)) }
        }
        #expect(picks.count == OrderItemTable.count, "every item the table holds was written")
    }

    @Test("An order's and a booking's body, byte for byte")
    func bodies() {
        var body: [UInt8] = []
        PayloadWriter.write(.orders, requestId: 123_456, key: 42, variant: .valid, into: &body)
        #expect(String(decoding: body, as: UTF8.self) == #"{"orderId":"o-000000123456","customerId":"c-00000042","items":[{"sku":"SKU-MOP-PRO","quantity":2,"price":17.21},{"sku":"SKU-MOP-PRO","quantity":1,"price":2.09}],"total":36.51,"currency":"GBP"}"#)
        PayloadWriter.write(.bookings, requestId: 123_456, key: 42, variant: .valid, into: &body)
        #expect(String(decoding: body, as: UTF8.self) == #"{"bookingId":"b-000000123456","vehicleId":"v-00000042","customerId":"c-00677542","pickupLocation":"BRS-TMP","pickupTime":"2026-12-13T09:30:00Z","returnTime":"2026-12-18T09:30:00Z"}"#)
    }
}
