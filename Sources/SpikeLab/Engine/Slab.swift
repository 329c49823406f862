/// Values parked under a small index while the event that carries the index
/// waits in the virtual engine's heap, so that the heap's entries stay small and
/// trivially copied (24 bytes, no reference counting) whatever the event carries.
///
/// Invariants: an index is handed out by `park` and taken back once by `take`;
/// indices taken back are handed out again, last taken first (its slot is the one
/// most likely still cached). Memory: as many slots as were ever parked at once.
/// A taken slot keeps its old value until it is reused.
/// - Complexity: O(1) amortized for each operation.
struct Slab<Element> {
    private var elements: [Element] = []
    private var free: [Int32] = []

    /// Parks `element` and returns its index.
    mutating func park(_ element: Element) -> Int32 {
        if let i = free.popLast() {
            elements[Int(i)] = element
            return i
        }
        elements.append(element)
        return Int32(elements.count - 1)
    }

    /// Takes back the element parked under `index`; the index may be handed out again.
    mutating func take(_ index: Int32) -> Element {
        free.append(index)
        return elements[Int(index)]
    }

    /// Elements parked and not yet taken.
    var count: Int { elements.count - free.count }
}

extension Slab: Sendable where Element: Sendable {}
