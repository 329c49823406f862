import SpikeLabFuzzing

/// libFuzzer's entry: one input through `FuzzTarget.overrides`; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    if let broken = FuzzTarget.overrides.check(bytes) { fatalError("FuzzTarget.overrides: \(broken)") }
    return 0
}
