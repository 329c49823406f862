import SpikeLabFuzzing

/// libFuzzer's entry: one input through `FuzzTarget.scenario`; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    if let broken = FuzzTarget.scenario.check(bytes) { fatalError("FuzzTarget.scenario: \(broken)") }
    return 0
}
