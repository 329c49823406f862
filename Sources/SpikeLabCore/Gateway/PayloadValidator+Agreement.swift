extension PayloadValidator {
    /// Where the validator's two passes disagree on `body`, or nil when they
    /// agree: the fast pass (`capturedRanges`) must accept exactly the bodies
    /// that the explaining pass accepts, capturing the same fields. The
    /// invariant that the tests and the differential fuzzer check.
    /// - Complexity: O(n) in the body's length (both passes).
    public func disagreement(_ body: UnsafeBufferPointer<UInt8>) -> String? {
        let fast = validateFast(body)
        switch explain(body) {
        case let .success(captured):
            guard let fast else { return "the explaining pass accepts (\(captured)); the fast pass refuses" }
            return fast == captured ? nil : "the passes capture \(captured) and \(fast)"
        case let .failure(failure):
            return fast.map { "the explaining pass refuses (\(failure.message)); the fast pass accepts (\($0))" }
        }
    }
}
