/// The allocator's own statistics at the end of a run (jemalloc's `stats.*`),
/// when the process links jemalloc; the command-line tool does.
public struct AllocatorStats: Codable, Sendable, Equatable {
    /// `jemalloc 5.3.0-…`, or `system` when jemalloc is not linked.
    public var allocator: String
    /// Bytes the program holds (`stats.allocated`).
    public var allocatedBytes: Int?
    /// Bytes in pages the allocator has in use (`stats.active`).
    public var activeBytes: Int?
    /// Bytes the allocator has resident (`stats.resident`).
    public var residentBytes: Int?
    /// Bytes mapped from the system (`stats.mapped`).
    public var mappedBytes: Int?
    /// Bytes of the allocator's own metadata (`stats.metadata`).
    public var metadataBytes: Int?

    public init(allocator: String, allocatedBytes: Int? = nil, activeBytes: Int? = nil, residentBytes: Int? = nil,
                mappedBytes: Int? = nil, metadataBytes: Int? = nil) {
        self.allocator = allocator
        self.allocatedBytes = allocatedBytes
        self.activeBytes = activeBytes
        self.residentBytes = residentBytes
        self.mappedBytes = mappedBytes
        self.metadataBytes = metadataBytes
    }

    public static let system = AllocatorStats(allocator: "system")
}
