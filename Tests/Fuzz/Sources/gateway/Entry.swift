import SpikeLabFuzzing

/// libFuzzer's entry: one input through `FuzzTarget.gateway`; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    if let broken = FuzzTarget.gateway.check(bytes) { fatalError("FuzzTarget.gateway: \(broken)") }
    return 0
}
