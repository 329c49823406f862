import SpikeLabFuzzing

/// libFuzzer's entry: one input through `FuzzTarget.decoders`; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    if let broken = FuzzTarget.decoders.check(bytes) { fatalError("FuzzTarget.decoders: \(broken)") }
    return 0
}
