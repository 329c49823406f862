/// The bodies of admitted requests, by request id, kept beside the queue for
/// the store when it keeps bodies (`serve`), so that messages need not carry
/// them.
///
/// A body stays while a copy of its message may still be put: from admission
/// until its item is put for good (stored, found stored, or too large) or the
/// last copy of its message is gone without a put. Copies are counted: the
/// admission makes one, each duplicate delivery the queue makes adds one, each
/// copy the queue dead-letters or expires takes one away; a synchronous request
/// has one copy, gone when its invocation ends or the handler refuses it.
///
/// Invariant: every kept body belongs to a request with a copy that is queued,
/// in flight, in a handler or waiting for one; so memory is bounded by the
/// messages in the pipeline, whatever the run length.
struct KeptBodies {
    private struct Entry {
        var body: [UInt8]
        var copies: Int
    }

    private var entries: [UInt64: Entry] = [:]

    /// Requests whose bodies are kept.
    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Keeps the body of a newly admitted copy of request `id`.
    /// - Complexity: O(1) amortized.
    mutating func keep(_ body: [UInt8], for id: UInt64) {
        entries[id, default: Entry(body: body, copies: 0)].copies += 1
    }

    /// Request `id`'s body, if kept.
    func body(for id: UInt64) -> [UInt8]? {
        entries[id]?.body
    }

    /// Lets request `id`'s body go, whatever copies remain: its item is put for
    /// good (a later copy's put finds it), or its one synchronous copy is done.
    mutating func release(_ id: UInt64) {
        entries[id] = nil
    }

    /// The queue made another copy of request `id`'s message (a duplicate delivery).
    mutating func copyMade(_ id: UInt64) {
        entries[id]?.copies += 1
    }

    /// The queue ended a copy of request `id`'s message without a put
    /// (dead-lettered or expired); the body goes with the last copy.
    mutating func copyEnded(_ id: UInt64) {
        guard let copies = entries[id]?.copies else { return }
        if copies <= 1 { entries[id] = nil } else { entries[id]?.copies = copies - 1 }
    }
}
