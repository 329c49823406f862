/// Writes a request's JSON body: real orders and bookings that the gateway validates.
///
/// The body is a pure function of the workload, the request id and the key index,
/// so a duplicate submission (same request id) sends the same bytes, and a run
/// needs no random draws for it. Writes into a caller's buffer: no allocation once
/// the buffer has grown.
public enum PayloadWriter {
    static let skus: [StaticString] = ["SKU-BLEACH-1L", "SKU-SPONGE-6", "SKU-MOP-PRO", "SKU-GLOVES-M", "SKU-SPRAY-500", "SKU-CLOTH-10", "SKU-BUCKET-12L", "SKU-SOAP-5L"]
    static let locations: [StaticString] = ["LHR-T5", "MAN-CTY", "EDI-WAV", "BRS-TMP", "LPL-LSP", "GLA-CEN"]

    /// The longest body the writer makes, with room to spare (an order of four
    /// items is about 400 bytes).
    static let maxBodyBytes = 1024

    /// The id of request `requestId` for a workload: `o-…` or `b-…`, 12 digits.
    public static func recordId(_ kind: WorkloadKind, requestId: UInt64) -> String {
        string { appendId(kind == .orders ? "o-" : "b-", requestId, width: 12, to: &$0) }
    }

    /// The entity key for key index `key`: `c-…` (customers) or `v-…` (vehicles).
    public static func entityKey(_ kind: WorkloadKind, key: Int) -> String {
        string { appendId(kind == .orders ? "c-" : "v-", UInt64(key), width: 8, to: &$0) }
    }

    private static func string(_ write: (inout ByteSink) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { space in
            var out = ByteSink(space)
            write(&out)
            return String(decoding: out.written, as: UTF8.self)
        }
    }

    /// Replaces `buffer`'s contents with the body.
    public static func write(_ kind: WorkloadKind, requestId: UInt64, key: Int, variant: PayloadVariant, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        var h = requestId &* 0x9E37_79B9_7F4A_7C15
        let bits = Xoshiro256.splitMix(&h)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxBodyBytes) { space in
            var out = ByteSink(space)
            switch kind {
            case .orders: writeOrder(requestId, key, bits, variant, &out)
            case .bookings: writeBooking(requestId, key, bits, variant, &out)
            }
            buffer.append(contentsOf: out.written)
        }
        if variant == .malformed {
            buffer.removeLast(buffer.count / 3)
        }
    }

    private static func writeOrder(_ id: UInt64, _ key: Int, _ bits: UInt64, _ variant: PayloadVariant, _ out: inout ByteSink) {
        append(#"{"orderId":""#, to: &out)
        appendId("o-", id, width: 12, to: &out)
        if variant != .missingField {
            append(#"","customerId":""#, to: &out)
            appendId("c-", UInt64(key), width: 8, to: &out)
        }
        append(#"","items":["#, to: &out)
        let itemCount = Int(bits & 3) + 1
        var total = 0
        orderItems.withUnsafeBufferPointers { items in
            for i in 0..<itemCount {
                let pick = Int((bits >> (8 * UInt64(i) + 4)) & 0xFF)
                total += Int(items.amounts[pick])
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if variant == .wrongType && i == 0 {
                    writeOrderItem(pick, wrongType: true, &out)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: items.bytes[Int(items.starts[pick])..<Int(items.starts[pick + 1])]))
                }
            }
        }
        append(#"],"total":"#, to: &out)
        appendCents(total, to: &out)
        append(#","currency":"GBP"}"#, to: &out)
    }

    /// The order item that `pick` (one byte of the body's bits) decides: its
    /// SKU, quantity and price; with `wrongType`, the quantity is a string.
    static func writeOrderItem(_ pick: Int, wrongType: Bool, _ out: inout ByteSink) {
        append(#"{"sku":""#, to: &out)
        append(skus[pick % skus.count], to: &out)
        append(#"","quantity":"#, to: &out)
        if wrongType {
            append(#""many""#, to: &out)
        } else {
            appendInt(orderItemQuantity(pick), to: &out)
        }
        append(#","price":"#, to: &out)
        appendCents(orderItemCents(pick), to: &out)
        out.append(UInt8(ascii: "}"))
    }

    static func orderItemQuantity(_ pick: Int) -> Int { pick % 5 + 1 }
    static func orderItemCents(_ pick: Int) -> Int { 199 + (pick * 37) % 2400 }

    /// Every valid order item, written once by `writeOrderItem`: a body copies
    /// its items' bytes rather than writing each field and number again (the
    /// items were most of an order's writing).
    static let orderItems = OrderItemTable()

    private static func writeBooking(_ id: UInt64, _ key: Int, _ bits: UInt64, _ variant: PayloadVariant, _ out: inout ByteSink) {
        append(#"{"bookingId":""#, to: &out)
        appendId("b-", id, width: 12, to: &out)
        append(#"","vehicleId":""#, to: &out)
        appendId("v-", UInt64(key), width: 8, to: &out)
        append(#"","customerId":""#, to: &out)
        appendId("c-", (bits >> 8) % 1_000_000, width: 8, to: &out)
        append(#"","pickupLocation":""#, to: &out)
        append(locations[Int(bits % UInt64(locations.count))], to: &out)
        let day = Int((bits >> 32) % 28) + 1
        let hour = Int((bits >> 40) % 14) + 7
        let days = Int((bits >> 48) % 6) + 1
        if variant != .missingField {
            append(#"","pickupTime":""#, to: &out)
            appendTimestamp(day: day, hour: hour, to: &out)
        }
        append(#"","returnTime":"#, to: &out)
        if variant == .wrongType {
            appendInt(day + days, to: &out)
        } else {
            out.append(UInt8(ascii: "\""))
            appendTimestamp(day: min(28, day + days), hour: hour, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    static func append(_ s: StaticString, to out: inout ByteSink) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    static func appendId(_ prefix: StaticString, _ value: UInt64, width: Int, to out: inout ByteSink) {
        append(prefix, to: &out)
        out.appendDecimal(value, width: width)
    }

    static func appendInt(_ value: Int, to out: inout ByteSink) {
        out.appendDecimal(UInt64(value), width: 1)
    }

    static func appendCents(_ cents: Int, to out: inout ByteSink) {
        appendInt(cents / 100, to: &out)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(48 + (cents / 10) % 10))
        out.append(UInt8(48 + cents % 10))
    }

    static func appendTimestamp(day: Int, hour: Int, to out: inout ByteSink) {
        append("2026-12-", to: &out)
        out.append(UInt8(48 + day / 10)); out.append(UInt8(48 + day % 10))
        out.append(UInt8(ascii: "T"))
        out.append(UInt8(48 + hour / 10)); out.append(UInt8(48 + hour % 10))
        append(":30:00Z", to: &out)
    }
}
