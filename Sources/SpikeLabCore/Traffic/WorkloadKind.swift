/// The two business workloads, orders and bookings, with their payload schemas
/// (docs/scenarios.md).
public enum WorkloadKind: String, Sendable, Equatable, CaseIterable {
    /// Cleaning-supplies orders: orderId, customerId, items (sku, quantity, price), total, currency.
    case orders
    /// Vehicle-rental bookings: bookingId, vehicleId, customerId, pickupLocation, pickupTime, returnTime.
    case bookings

    /// The field that identifies one request's record: the store's sort key and
    /// the idempotency key of a conditional put.
    public var idField: String { self == .orders ? "orderId" : "bookingId" }

    /// The field drawn from the workload's key distribution.
    public var entityField: String { self == .orders ? "customerId" : "vehicleId" }

    /// The record type written when a table is keyed by record type.
    public var recordType: String { self == .orders ? "ORDER" : "BOOKING" }

    /// The string fields a table may use as its partition key, besides `recordType`.
    public var keyableFields: [String] {
        self == .orders ? ["orderId", "customerId"] : ["bookingId", "vehicleId", "customerId"]
    }

    /// What the gateway checks before a request may enter.
    public var schema: PayloadSchema {
        switch self {
        case .orders:
            return PayloadSchema(fields: [
                .init("orderId", .identifier),
                .init("customerId", .identifier),
                .init("items", .array(minCount: 1, of: [
                    .init("sku", .identifier),
                    .init("quantity", .positiveInteger),
                    .init("price", .nonNegativeNumber),
                ])),
                .init("total", .nonNegativeNumber),
                .init("currency", .currencyCode),
            ])
        case .bookings:
            return PayloadSchema(fields: [
                .init("bookingId", .identifier),
                .init("vehicleId", .identifier),
                .init("customerId", .identifier),
                .init("pickupLocation", .identifier),
                .init("pickupTime", .timestamp),
                .init("returnTime", .timestamp),
            ])
        }
    }
}
