/// The 256 valid order items a generated body can hold, as `PayloadWriter`
/// writes them, with each item's amount (quantity × price, in cents).
///
/// Invariant: `bytes[starts[p]..<starts[p + 1]]` is exactly what
/// `PayloadWriter.writeOrderItem(p, wrongType: false, …)` writes, and
/// `amounts[p]` its quantity times its price in cents, for every pick `p`.
/// Memory: about 12 KB.
struct OrderItemTable: Sendable {
    private let bytes: [UInt8]
    private let starts: [Int32]
    private let amounts: [Int32]

    /// Picks are one byte of a body's bits.
    static let count = 256

    init() {
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var amounts: [Int32] = []
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { space in
            for pick in 0..<Self.count {
                var out = ByteSink(space)
                PayloadWriter.writeOrderItem(pick, wrongType: false, &out)
                bytes.append(contentsOf: out.written)
                starts.append(Int32(bytes.count))
                amounts.append(Int32(PayloadWriter.orderItemQuantity(pick) * PayloadWriter.orderItemCents(pick)))
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.amounts = amounts
    }

    /// The table's arrays as buffers, read without copies or checks of ownership.
    struct Buffers {
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int32>
        let amounts: UnsafeBufferPointer<Int32>
    }

    func withUnsafeBufferPointers<R>(_ body: (Buffers) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { s in
                amounts.withUnsafeBufferPointer { a in body(Buffers(bytes: b, starts: s, amounts: a)) }
            }
        }
    }
}
