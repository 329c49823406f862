import Testing
@testable import SpikeLabCore

struct KeyValueStoreTests {
    static func item(_ id: UInt64) -> StoredItem {
        StoredItem(requestId: id, size: 100, workload: 0, storedAt: .zero)
    }

    static func key(_ i: Int) -> ItemKey {
        ItemKey(partitionKey: "c-\(i % 97)", sortKey: "o-\(i)")
    }

    /// The store's form of a short key (every `key(_:)` is one).
    static func packed(_ key: ItemKey) -> StoreKey { StoreKey(inline: key)! }

    @Test("The item table keeps every distinct key once through many growths, and finds each")
    func tableGrows() {
        var table = ItemTable()
        let n = 100_000
        for i in 0..<n {
            let k = Self.key(i)
            let inserted = table.insertIfAbsent(Self.packed(k), hash: ItemTable.hash(k), Self.item(UInt64(i)))
            #expect(inserted)
        }
        #expect(table.count == n)
        var refused = 0, found = 0
        for i in 0..<n {
            let k = Self.key(i)
            let h = ItemTable.hash(k)
            if !table.insertIfAbsent(Self.packed(k), hash: h, Self.item(0)) { refused += 1 }
            if table.find(Self.packed(k), hash: h)?.requestId == UInt64(i) { found += 1 }
        }
        #expect(refused == n)
        #expect(found == n)
        #expect(table.count == n)
        let absent = ItemKey(partitionKey: "c-1", sortKey: "o-\(n)")
        #expect(table.find(Self.packed(absent), hash: ItemTable.hash(absent)) == nil)
    }

    @Test("Ids numbered in sequence share 64-slot blocks; other prefixes and partition keys do not")
    func sequentialIdsShareBlocks() {
        func hash(_ pk: String, _ sk: String) -> UInt64 { ItemTable.hash(ItemKey(partitionKey: pk, sortKey: sk)) }
        let ids = (64..<128).map { "o-" + String(repeating: "0", count: 10) + String($0) }
        let hashes = ids.map { hash($0, $0) }
        #expect(Set(hashes.map { $0 >> 6 }).count == 1)
        #expect(hashes.map { $0 & 63 } == Array(0..<64))
        #expect(hash(ids[0], ids[0]) >> 6 != hash("o-000000000128", "o-000000000128") >> 6)
        #expect(hash(ids[0], ids[0]) >> 6 != hash("b-000000000064", "b-000000000064") >> 6)
        #expect(hash(ids[0], ids[0]) >> 6 != hash("c-00000001", ids[0]) >> 6)
        #expect(hash("c-00000001", ids[0]) != hash("c-00000002", ids[0]))
    }

    @Test("Ids numbered in sequence insert with about one probe: a run whose block is taken moves to the next block whole")
    func shortProbes() {
        var table = ItemTable()
        let n = 300_000
        table.reserveCapacity(n + n / 20)
        for i in 0..<n {
            let k = ItemKey(partitionKey: "ORDER", sortKey: "o-" + String(repeating: "0", count: 12 - String(i).count) + String(i))
            _ = table.insertIfAbsent(Self.packed(k), hash: ItemTable.hash(k), Self.item(UInt64(i)))
        }
        #expect(table.count == n)
        // Slot by slot, a run landing on a full block walks the rest of it for each
        // of its ids: 13 probes an insert here (measured with that probe).
        #expect(Double(table.insertProbes) / Double(n) < 2, "mean probes \(Double(table.insertProbes) / Double(n))")
    }

    @Test("Keys with equal hashes stay apart: a collision costs time, never an item")
    func collisions() {
        var table = ItemTable()
        var arena = KeyArena()
        func key(_ i: Int) -> StoreKey {
            let k = Self.key(i)
            return StoreKey(partition: arena.text(k.partitionKey), sort: arena.text(k.sortKey))
        }
        for i in 0..<1_000 {
            let inserted = table.insertIfAbsent(key(i), hash: 7, Self.item(UInt64(i)))
            #expect(inserted)
        }
        for i in 0..<1_000 {
            let again = table.insertIfAbsent(key(i), hash: 7, Self.item(0))
            #expect(!again)
            #expect(table.find(key(i), hash: 7)?.requestId == UInt64(i))
        }
        #expect(table.count == 1_000)
        #expect(table.find(key(1_000), hash: 7) == nil)
        // The index keeps 32 bits of a hash: hashes that differ only in the bits
        // it drops share a tag, and their keys still stay apart.
        let other = 7 ^ UInt64(1) << 20
        #expect(ItemTable.tag(other) == ItemTable.tag(7))
        let first = table.insertIfAbsent(key(1_000), hash: other, Self.item(1_000))
        let second = table.insertIfAbsent(key(1_000), hash: other, Self.item(0))
        #expect(first && !second)
        #expect(table.find(key(1_000), hash: other)?.requestId == 1_000)
        #expect(table.find(key(0), hash: 7)?.requestId == 0)
    }

    @Test("The index takes 8 bytes a slot: a million items reserved take a 16 MB index, at most half used")
    func indexMemory() {
        var table = ItemTable()
        table.reserveCapacity(1_000_000)
        #expect(table.indexBytes == 8 << 21)
        table.reserveCapacity(1 << 20)
        #expect(table.indexBytes == 8 << 21)
        table.reserveCapacity((1 << 20) + 1)
        #expect(table.indexBytes == 8 << 22)
    }

    @Test("A conditional put stores the first write of a key and suppresses the rest; long keys too")
    func conditionalPut() {
        var config = StoreConfig()
        config.writeLatency = LatencyDistribution(.fixed(.zero))
        var store = KeyValueStore(config: config, rng: Xoshiro256(seed: 1))
        let long = ItemKey(partitionKey: "customer-0000000000000042", sortKey: "order-with-a-long-id-000000000001")
        let short = ItemKey(partitionKey: "c-1", sortKey: "o-1")
        let now = Instant.zero
        guard case .inserted = store.put(long, requestId: 1, workload: 0, size: 100, now: now) else {
            Issue.record("first put of a key must insert"); return
        }
        guard case .duplicate = store.put(long, requestId: 2, workload: 0, size: 100, now: now) else {
            Issue.record("second put of a key must be suppressed"); return
        }
        guard case .inserted = store.put(short, requestId: 3, workload: 0, size: 100, now: now) else {
            Issue.record("another key must insert"); return
        }
        #expect(store.itemCount == 2)
        #expect(store.counters.inserted == 2)
        #expect(store.counters.duplicatesSuppressed == 1)
        #expect(store.get(long)?.requestId == 1)
        #expect(store.get(short)?.requestId == 3)
        #expect(store.get(ItemKey(partitionKey: "c-2", sortKey: "o-1")) == nil)
        #expect(store.get(ItemKey(partitionKey: long.partitionKey, sortKey: long.sortKey + "x")) == nil)
        #expect(store.internedKeyStrings == 2, "a read interns nothing")
        #expect(store.stream.appended == 2)
    }

    @Test("A key string is 16 plain bytes: inline up to 15 UTF-8 bytes, else interned once; equal bits exactly when equal strings")
    func keyText() {
        let strings = ["", "o-000000000001", "123456789012345", "1234567890123456", "ORDER", "é-ü-ß", "ÉÉÉÉÉÉÉÉ",
                       "order-with-a-long-id-000000000001", "order-with-a-long-id-000000000002", String(repeating: "k", count: 300)]
        #expect(MemoryLayout<KeyText>.size == 16 && MemoryLayout<StoreKey>.size == 32)
        #expect(_isPOD(QueueMessage.self) && _isPOD(Delivery.self), "messages copy without reference counting")
        var arena = KeyArena()
        var texts: [KeyText] = []
        for string in strings {
            let text = arena.text(string)
            #expect(text.isInline == (string.utf8.count <= 15), "\(string)")
            #expect(arena.string(text) == string)
            #expect(text.inlineString == (text.isInline ? string : nil))
            #expect(arena.text(string) == text, "the same string, the same bits")
            #expect(arena.existingText(string) == text)
            texts.append(text)
        }
        #expect(Set(texts).count == strings.count, "different strings, different bits")
        #expect(arena.count == 5, "each of the five long strings interned once")
        #expect(arena.existingText("never-seen-and-long-enough") == nil)
        #expect(arena.count == 5)
        let key = ItemKey(partitionKey: "c-00000007", sortKey: "o-000000000001")
        #expect(StoreKey(inline: key)?.inlineItemKey == key)
        #expect(StoreKey(inline: ItemKey(partitionKey: "customer-0000000000000042", sortKey: "o-1")) == nil)
        var store = KeyValueStore(config: StoreConfig(), rng: Xoshiro256(seed: 1))
        let long = ItemKey(partitionKey: "customer-0000000000000042", sortKey: "o-1")
        let made = store.storeKey(long)
        #expect(store.itemKey(made) == long && store.storeKey(long) == made && store.internedKeyStrings == 1)
        #expect(made.sort == KeyText(inline: "o-1"), "a short string of a long key stays inline")
    }

    @Test("A key's hashes are FNV-1a of its partition key and the index's hash; a put given them is a put without them")
    func keyHashes() {
        for key in [Self.key(1), ItemKey(partitionKey: "o-000000000042", sortKey: "o-000000000042"),
                    ItemKey(partitionKey: "ORDER", sortKey: "o-7"),
                    ItemKey(partitionKey: "customer-0000000000000042", sortKey: "order-with-a-long-id-000000000001"),
                    ItemKey(partitionKey: "ordé-17", sortKey: "ordé-17"), ItemKey(partitionKey: "o-17", sortKey: "o-017")] {
            let h = KeyHashes(key)
            #expect(h.partition == StableHash.fnv1a(key.partitionKey))
            #expect(KeyHashes(partitionKey: key.partitionKey, sortKey: key.sortKey) == h)
            // From bytes, in two buffers or (when equal) in one, as the feed makes them.
            let p = Array(key.partitionKey.utf8), s = Array(key.sortKey.utf8)
            p.withUnsafeBufferPointer { pb in s.withUnsafeBufferPointer { sb in
                #expect(KeyHashes(partitionKey: pb, sortKey: sb) == h, "\(key)")
                if p == s { #expect(KeyHashes(partitionKey: sb, sortKey: sb) == h) }
            } }
        }
        #expect(KeyHashes(partitionKey: "o-17", sortKey: "o-17") != KeyHashes(partitionKey: "c-17", sortKey: "o-17"))
        var config = StoreConfig()
        config.partitions = 7
        config.writeCapacity = 700
        config.burstSeconds = 0
        config.writeLatency = LatencyDistribution(.fixed(.zero))
        var given = KeyValueStore(config: config, rng: Xoshiro256(seed: 1))
        var made = given
        for i in 0..<3_000 {
            let key = Self.key(i % 2_500)
            let now = Instant.seconds(Double(i) / 1_000)
            let a = given.put(given.storeKey(key), hashes: KeyHashes(key), requestId: UInt64(i), workload: 0, size: 100, now: now)
            let b = made.put(key, requestId: UInt64(i), workload: 0, size: 100, now: now)
            #expect(a == b, "put \(i)")
            // Placed by the partition key's own hash, as `StableHash` documents.
            switch a {
            case let .inserted(_, p), let .duplicate(_, p), let .throttled(p):
                #expect(p == StableHash.partition(of: key.partitionKey, count: 7), "put \(i)")
            case .tooLarge:
                Issue.record("put \(i): 100 bytes is not too large")
            }
        }
        #expect(given.counters.writesByPartition == made.counters.writesByPartition)
        #expect(given.counters.throttledByPartition == made.counters.throttledByPartition)
        #expect(given.counters.throttled > 0 && given.counters.duplicatesSuppressed > 0)
        #expect(given.counters.writesByPartition.allSatisfy { $0 > 0 })
    }

    @Test("A stream with a reader keeps one record per insert in order; without one it counts them and keeps none")
    func streamRecordsKeptOnlyForAReader() {
        var config = StoreConfig()
        config.partitionWriteLimit = 1_000_000_000
        config.writeCapacity = 1_000_000_000
        for keeps in [true, false] {
            var store = KeyValueStore(config: config, rng: Xoshiro256(seed: 1))
            store.stream.keepsRecords = keeps
            for i in 1...1_000 {
                let key = ItemKey(partitionKey: "c-\(i)", sortKey: "o-\(i)")
                _ = store.put(key, requestId: UInt64(i), workload: 0, size: 100, now: .zero)
                _ = store.put(key, requestId: UInt64(i) + 10_000, workload: 0, size: 100, now: .zero)
            }
            #expect(store.stream.appended == 1_000)
            #expect(store.stream.pending == (keeps ? 1_000 : 0))
            var read: [StreamRecord] = []
            store.stream.read(max: 10_000, now: .seconds(1), into: &read)
            #expect(read.map(\.requestId) == (keeps ? (1...1_000).map { UInt64($0) } : []))
            #expect(store.stream.read == read.count)
        }
    }
}
