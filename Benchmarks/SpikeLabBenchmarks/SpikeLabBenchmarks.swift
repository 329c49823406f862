import Benchmark
import SpikeLab
let benchmarks: @Sendable () -> Void = {}
