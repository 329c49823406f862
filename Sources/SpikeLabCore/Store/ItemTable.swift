internal import CPrefetch

/// The store's items: an append-only array of keys and items, found through an
/// open-addressing index of key hashes (32 bits of each: see `tag(_:)`).
///
/// A put of a new key touches one index slot (8 bytes: 32 bits of the key's
/// hash and its position) and appends to the arrays, where `Dictionary<ItemKey, StoredItem>`
/// touched its bucket bitmap, its key array at every occupied bucket of the probe
/// (it keeps no hashes, so each one costs a string comparison) and its value
/// array: three cache misses instead of one on a table far larger than the cache.
/// Measured: the bundled flash sale spent 22% of its time in that dictionary.
///
/// Invariants: the index has a power-of-two number of slots, from 64 to 2^32, at
/// most half of them used (probes stay short: see `probe`); a used slot's position
/// is one more than the item's place in `keys` and `items` (0 marks an empty slot);
/// keys are unique. Keys are compared in full (a `StoreKey`'s 32 bytes) whenever
/// their tags are equal, so a collision costs time, never correctness. The hash
/// is not seeded: its inputs are the workload's own ids, not an adversary's.
///
/// Memory: 16 to 32 bytes of index per item (8-byte slots, a quarter to a half
/// used) plus the 32-byte key (`StoreKey`; a long string is kept once in the
/// store's `KeyArena`) and the 32-byte item in the arrays.
struct ItemTable: Sendable {
    private struct Slot {
        /// The key's `tag(_:)`.
        var tag: UInt32 = 0
        var position: UInt32 = 0
    }

    private var slots: [Slot]
    /// How far a tag shifts right to leave its block number's bits.
    private var shift: UInt32
    private var keys: [StoreKey] = []
    private var items: [StoredItem] = []
    /// Slots passed over by inserts (full ones), for tests of the probe's length.
    private(set) var insertProbes = 0

    init() {
        slots = Array(repeating: Slot(), count: 64)
        shift = 32
    }

    var count: Int { keys.count }

    /// Makes room for `count` items: the arrays' capacity (left untouched until
    /// used), and the index for up to `maxReservedItems` of them (the index is
    /// written whole, so a huge guess would cost its memory up front; past that
    /// it grows by doubling).
    mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        items.reserveCapacity(count)
        var size = slots.count
        while size < 2 * Swift.min(count, Self.maxReservedItems) { size *= 2 }
        if size > slots.count { rebuild(slots: size) }
    }

    /// The most items `reserveCapacity` sizes the index for: 2^23, a 128 MB index.
    /// A rebuild moves every entry while the store waits (on the wall clock, with
    /// the pipeline's lock held: the rebuilds at 2 and 4 million items took about
    /// 0.11 s together, by perf's samples), so a run that expects millions of
    /// items is better served by paying for the index before its clock starts.
    static let maxReservedItems = 1 << 23

    /// The hash of a key (`KeyHashes(key).item`, which makes it from the key's
    /// bytes with `hash(sortKey:samePartition:partitionHash:)`).
    static func hash(_ key: ItemKey) -> UInt64 {
        KeyHashes(key).item
    }

    /// The hash of a key given as its sort key's UTF-8 bytes, whether its
    /// partition key's bytes are the same, and the partition key's FNV-1a hash
    /// (`StableHash.fnv1a`; not read when the bytes are the same).
    ///
    /// Its low 6 bits are the low bits of the number that ends the sort key
    /// (`o-000000001234` → 1234), the rest a hash of everything else, that
    /// number's higher bits included. So ids numbered in sequence, the usual kind,
    /// fill 64-slot blocks of the index side by side (four to a cache line,
    /// sixty-four to a kilobyte) rather than one line and page each, while
    /// different prefixes, partition keys and blocks of numbers still scatter as
    /// any hash would. The partition key takes part only when it differs from the
    /// sort key (a table keyed by the id alone has the same string in both).
    /// - Complexity: O(sort key length).
    static func hash(sortKey bytes: UnsafeBufferPointer<UInt8>, samePartition: Bool, partitionHash: UInt64) -> UInt64 {
        var prefix: UInt64 = 0xCBF2_9CE4_8422_2325
        var number: UInt64 = 0
        var end = bytes.count
        while end > 0, end > bytes.count - 18, bytes[end - 1] &- 48 < 10 { end -= 1 }
        for b in bytes[..<end] {
            prefix ^= UInt64(b)
            prefix &*= 0x0000_0100_0000_01B3
        }
        for b in bytes[end...] { number = number &* 10 &+ UInt64(b &- 48) }
        if !samePartition { prefix ^= partitionHash &* 0x9E37_79B9_7F4A_7C15 }
        var mix = prefix ^ (number >> 6) &* 0xD1B5_4A32_D192_ED03
        return Xoshiro256.splitMix(&mix) << 6 | number & 63
    }

    /// The item of `key` (whose bytes hash to `hash` by
    /// `hash(sortKey:samePartition:partitionHash:)`), if stored.
    /// - Complexity: O(1) expected.
    func find(_ key: StoreKey, hash: UInt64) -> StoredItem? {
        let tag = Self.tag(hash)
        let start = home(tag)
        var i = start, step = 0
        while true {
            let slot = slots[i]
            if slot.position == 0 { return nil }
            if slot.tag == tag, keys[Int(slot.position) - 1] == key { return items[Int(slot.position) - 1] }
            step += 1
            i = probe(start, i, step)
        }
    }

    /// Starts loading the index slot where a probe for `hash` begins, without
    /// waiting for it: a put of the key a little later then finds the slot in
    /// cache rather than in memory (the index is far larger than the cache, and
    /// that first read was about half of a put's time). A hint; changes nothing.
    /// - Complexity: O(1), one instruction past the address.
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { spikelab_prefetch($0.baseAddress! + home(Self.tag(hash))) }
    }

    /// Stores `item` under `key` unless the key is already there.
    /// - Returns: whether it was inserted.
    /// - Complexity: O(1) amortized.
    mutating func insertIfAbsent(_ key: StoreKey, hash: UInt64, _ item: @autoclosure () -> StoredItem) -> Bool {
        let tag = Self.tag(hash)
        let start = home(tag)
        var i = start, step = 0
        while true {
            let slot = slots[i]
            if slot.position == 0 { break }
            if slot.tag == tag, keys[Int(slot.position) - 1] == key { return false }
            step += 1
            i = probe(start, i, step)
        }
        insertProbes &+= step
        keys.append(key)
        items.append(item())
        slots[i] = Slot(tag: tag, position: UInt32(keys.count))
        if 2 * keys.count > slots.count { rebuild(slots: 2 * slots.count) }
        return true
    }

    /// The 32 bits of a hash that the index keeps: its high 26 bits, then its
    /// low 6. They are all that `home(_:)` reads, for any index of up to 2^32
    /// slots, so a rebuild re-places slots from their tags alone.
    @inline(__always)
    static func tag(_ hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (hash >> 38) << 6 | hash & 63)
    }

    /// The slot a tag starts probing at: a 64-slot block from its high bits,
    /// the place in the block from its low 6 bits (see `hash(sortKey:…)`).
    @inline(__always)
    private func home(_ tag: UInt32) -> Int {
        Int(truncatingIfNeeded: (tag >> shift) << 6 | tag & 63)
    }

    /// Bytes of index, for tests of its memory.
    var indexBytes: Int { slots.count * MemoryLayout<Slot>.stride }

    /// The slot after `i`, the probe's `step`th, for a probe that started at `start`:
    /// the same place in the next 7 blocks, then slot by slot.
    ///
    /// A run of ids numbered in sequence fills a block whole, so when a second
    /// run's block lands on a full one, probing slot by slot would walk the rest
    /// of that block for each of its ids (a mean of 24 probes an insert, simulated
    /// for the M/M/c model's 900,000 ids at its load). Moving a block at a time
    /// keeps the run together in the next block with room: 0.9 probes an insert.
    /// The slot-by-slot tail visits every slot, so a probe always ends (the index
    /// is at most half full), even for keys whose hashes share their low bits.
    @inline(__always)
    private func probe(_ start: Int, _ i: Int, _ step: Int) -> Int {
        (step < 8 ? start &+ step &* 64 : i &+ 1) & (slots.count - 1)
    }

    /// Re-places every used slot into an index of `size` slots (tags are kept,
    /// so no key is hashed again).
    private mutating func rebuild(slots size: Int) {
        precondition(size <= 1 << 32, "the item table holds at most 2^31 items")
        let old = slots
        slots = Array(repeating: Slot(), count: size)
        shift = UInt32(32 - (size.trailingZeroBitCount - 6))
        for slot in old where slot.position != 0 {
            let start = home(slot.tag)
            var i = start, step = 0
            while slots[i].position != 0 {
                step += 1
                i = probe(start, i, step)
            }
            slots[i] = slot
        }
    }
}
