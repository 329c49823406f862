import Testing
@testable import SpikeLabCore

struct ArrayEmptyingTests {
    @Test("Emptying one element at a time leaves no element and keeps the storage, for plain and counted elements")
    func emptiesKeepingStorage() {
        var plain = Array(0..<1_000)
        let capacity = plain.capacity
        plain.removeAllOneByOne()
        #expect(plain.isEmpty && plain.capacity == capacity)
        var strings = (0..<100).map { "key-\($0)-that-is-not-small" }
        let shared = strings
        strings.removeAllOneByOne()
        #expect(strings.isEmpty && shared.count == 100 && shared[99] == "key-99-that-is-not-small", "a shared copy is untouched")
        var empty: [Int] = []
        empty.removeAllOneByOne()
        #expect(empty.isEmpty)
    }
}
