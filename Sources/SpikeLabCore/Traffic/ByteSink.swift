/// Bytes written into caller-provided memory: what `PayloadWriter` builds a body
/// in before copying it out once, instead of growing an array piece by piece
/// (each `Array.append` checks uniqueness and capacity; the writer's share of the
/// M/M/c model's profile fell from 17% to 12%).
///
/// Invariant: `count <= space.count`; writing past the space stops the program
/// (a body longer than `PayloadWriter.maxBodyBytes` is a bug in the writer).
struct ByteSink {
    private let space: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ space: UnsafeMutableBufferPointer<UInt8>) {
        self.space = space
    }

    /// The bytes written so far.
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: space[..<count]) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < space.count, "body longer than its buffer")
        space[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= space.count, "body longer than its buffer")
        guard let source = bytes.baseAddress else { return }
        (space.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }
}
