#if canImport(CJemalloc)
import CJemalloc
#endif
import SpikeLab

/// jemalloc's statistics, read through `mallctl`. The tool links jemalloc, so it
/// is the process's malloc (unless built with `SPIKELAB_NO_JEMALLOC=1`).
enum Jemalloc {
    static func stats() -> AllocatorStats {
        #if canImport(CJemalloc)
        guard spikelab_jemalloc_refresh() == 0 else { return .system }
        func read(_ name: String) -> Int? {
            var value = 0
            return spikelab_jemalloc_read(name, &value) == 0 ? value : nil
        }
        let version = spikelab_jemalloc_version().map { String(cString: $0) } ?? "unknown"
        return AllocatorStats(
            allocator: "jemalloc \(version)",
            allocatedBytes: read("stats.allocated"), activeBytes: read("stats.active"),
            residentBytes: read("stats.resident"), mappedBytes: read("stats.mapped"),
            metadataBytes: read("stats.metadata"))
        #else
        return .system
        #endif
    }
}
