import SpikeLab
import SpikeLabCore
import Testing

/// The scenario format's values with units: what they read as, and where they stop.
struct UnitsTests {
    static func ns(_ text: String) -> Int64? { try? Units.duration(text).get().nanoseconds }

    @Test("Durations: units, parts that add up, exponents, and a bare number in seconds")
    func durations() {
        #expect(Self.ns("250ms") == 250_000_000)
        #expect(Self.ns("2m30s") == 150_000_000_000)
        #expect(Self.ns("1h30m") == 5_400_000_000_000)
        #expect(Self.ns("1.5e3ms") == 1_500_000_000)
        #expect(Self.ns("2e-3s") == 2_000_000)
        #expect(Self.ns("5e1") == 50_000_000_000)
        #expect(Self.ns("1d2h") == 93_600_000_000_000)
        #expect(Self.ns("100000d") == 8_640_000_000_000_000_000)
        #expect(Self.ns("-100000d") == -8_640_000_000_000_000_000)
    }

    @Test("Past 100,000 days, a duration or the sum of its parts is out of range, never wrapped",
          arguments: ["100001d", "-100001d", "1e30s", "99999999999999999999", "2000000h2000000h", "50000d50001d"])
    func durationOutOfRange(_ text: String) {
        guard case let .failure(error) = Units.duration(text) else { Issue.record("accepted \(text)"); return }
        #expect(error.message == "'\(text)' is out of range: a duration is at most 100,000 days either way")
    }

    @Test("A part that is not a duration makes the whole one not a duration", arguments: ["1e", "5 parsecs", "2m30x", "1.5e3xs", ".nan", "inf"])
    func notDurations(_ text: String) {
        guard case let .failure(error) = Units.duration(text) else { Issue.record("accepted \(text)"); return }
        #expect(!error.isRange, "\(error.message)")
    }

    @Test("Sizes: KB is 1,024 bytes; past 2^62 bytes, out of range rather than a trap; below 0, refused")
    func sizes() throws {
        #expect(try Units.bytes("400KB").get() == 409_600)
        #expect(try Units.bytes("10MB").get() == 10_485_760)
        #expect(try Units.bytes("4611686018427387904").get() == 1 << 62)
        for text in ["1e30", "4.7e18"] {
            guard case let .failure(error) = Units.bytes(text) else { Issue.record("accepted \(text)"); continue }
            #expect(error.message == "'\(text)' is out of range for a size")
        }
        // Found by the units fuzz target: '-9e9' read as -9,000,000,000 bytes.
        for text in ["-9e9", "-1e300GB", "-1"] {
            guard case let .failure(error) = Units.bytes(text) else { Issue.record("accepted \(text)"); continue }
            #expect(error.message == "'\(text)' is negative; a size is 0 or more")
        }
    }
}
