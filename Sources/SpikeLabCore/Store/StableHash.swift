/// FNV-1a over UTF-8 bytes: the same partition for the same key on every run,
/// every platform and every process (unlike `Hasher`, which is seeded per process).
public enum StableHash {
    /// - Complexity: O(n) in the key's UTF-8 length.
    @inlinable
    public static func fnv1a(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { fnv1a($0) }
    }

    /// FNV-1a of UTF-8 bytes.
    @inlinable
    public static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The partition of `key` among `count`.
    @inlinable
    public static func partition(of key: String, count: Int) -> Int {
        partition(hash: fnv1a(key), count: count)
    }

    /// The partition of a key whose `fnv1a` hash is `hash`, among `count`.
    @inlinable
    public static func partition(hash: UInt64, count: Int) -> Int {
        Int(hash % UInt64(count))
    }
}
