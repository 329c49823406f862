import SpikeLabCore

/// Parses the scenario format's values with units: durations (`250ms`, `1.5s`,
/// `2m`, `1h`, `4d`; a bare number is seconds), sizes (`400KB`, `10MB`, with
/// KB = 1,024 bytes as AWS counts them; a bare number is bytes) and shares
/// (`1.5%` or `0.015`).
public enum Units {
    /// The longest duration a field can hold, either way: 100,000 days (a `TimeSpan`'s
    /// `Int64` of nanoseconds holds about 106,000).
    public static let maxDurationNanoseconds = 100_000 * 86_400e9

    /// A duration, or a message saying what is wrong. Parts add up: `2m30s`, `1h30m`.
    /// A number may have an exponent (`1.5e3ms`). Past ±100,000 days, the whole or any
    /// part, it is out of range rather than wrapped.
    public static func duration(_ text: String) -> Result<TimeSpan, UnitError> {
        let rest = Substring(text.trimmingSpaces)
        var parts: [Substring] = []
        // Cut before each digit that follows a letter: "2m30s" → "2m", "30s"; not
        // after an exponent's `e` ("1.5e3ms").
        var start = rest.startIndex
        var i = rest.startIndex
        while i < rest.endIndex {
            let next = rest.index(after: i)
            if next < rest.endIndex, rest[i].isLetter, rest[next].isNumber, !isExponent(rest, at: i) {
                parts.append(rest[start..<next])
                start = next
            }
            i = next
        }
        parts.append(rest[start...])
        guard parts.count > 1 else { return single(String(parts[0])).map { TimeSpan(nanoseconds: Int64($0.rounded())) } }
        var total = 0.0
        for part in parts {
            switch single(String(part)) {
            case let .success(ns): total += ns
            case let .failure(error) where error.isRange: return .failure(outOfRange(text))
            case .failure: return .failure(UnitError("'\(text)' is not a duration (write it like 250ms, 1.5s, 2m30s, 1h)"))
            }
        }
        guard abs(total) <= maxDurationNanoseconds else { return .failure(outOfRange(text)) }
        return .success(TimeSpan(nanoseconds: Int64(total.rounded())))
    }

    /// Whether the letter at `i` is a number's exponent: an `e` between a digit (or
    /// a point) and a digit.
    private static func isExponent(_ text: Substring, at i: Substring.Index) -> Bool {
        guard text[i] == "e" || text[i] == "E", i > text.startIndex else { return false }
        let before = text[text.index(before: i)]
        return before.isNumber || before == "."
    }

    private static func outOfRange(_ text: String) -> UnitError {
        UnitError("'\(text)' is out of range: a duration is at most 100,000 days either way", isRange: true)
    }

    /// One part of a duration, in nanoseconds, within ±`maxDurationNanoseconds`.
    static func single(_ text: String) -> Result<Double, UnitError> {
        let (number, unit) = split(text)
        guard let value = Double(number), value.isFinite else {
            return .failure(UnitError("'\(text)' is not a duration (write it like 250ms, 1.5s, 2m, 1h)"))
        }
        let scale: Double
        switch unit {
        case "", "s", "sec": scale = 1e9
        case "ns": scale = 1
        case "us", "µs": scale = 1e3
        case "ms": scale = 1e6
        case "m", "min": scale = 60e9
        case "h": scale = 3600e9
        case "d": scale = 86_400e9
        default: return .failure(UnitError("'\(text)' has an unknown unit '\(unit)' (use ns, us, ms, s, m, h or d)"))
        }
        let ns = value * scale
        guard abs(ns) <= maxDurationNanoseconds else { return .failure(outOfRange(text)) }
        return .success(ns)
    }

    /// A size in bytes, 0 or more. Past 2^62 bytes it is out of range rather than a trap.
    public static func bytes(_ text: String) -> Result<Int, UnitError> {
        let (number, unit) = split(text)
        guard let value = Double(number), value.isFinite else {
            return .failure(UnitError("'\(text)' is not a size (write it like 400KB or 10MB)"))
        }
        let scale: Double
        switch unit.uppercased() {
        case "", "B": scale = 1
        case "KB", "KIB": scale = 1024
        case "MB", "MIB": scale = 1024 * 1024
        case "GB", "GIB": scale = 1024 * 1024 * 1024
        default: return .failure(UnitError("'\(text)' has an unknown unit '\(unit)' (use B, KB, MB or GB)"))
        }
        guard value >= 0 else { return .failure(UnitError("'\(text)' is negative; a size is 0 or more")) }
        let size = (value * scale).rounded()
        guard size <= 0x1p62 else { return .failure(UnitError("'\(text)' is out of range for a size")) }
        return .success(Int(size))
    }

    /// A share between 0 and 1.
    public static func share(_ text: String) -> Result<Double, UnitError> {
        var t = text.trimmingSpaces
        var scale = 1.0
        if t.hasSuffix("%") { t.removeLast(); scale = 0.01 }
        guard let value = Double(t.trimmingSpaces), value.isFinite else {
            return .failure(UnitError("'\(text)' is not a share (write it like 0.5% or 0.005)"))
        }
        let share = value * scale
        guard share >= 0 && share <= 1 else { return .failure(UnitError("'\(text)' must be between 0 and 100%")) }
        return .success(share)
    }

    /// Splits `250ms` into `250` and `ms`.
    static func split(_ text: String) -> (String, String) {
        let t = text.trimmingSpaces
        var end = t.startIndex
        for i in t.indices {
            let c = t[i]
            if c.isNumber || c == "." || c == "-" || c == "+" || c == "e" && i != t.startIndex && t[t.index(before: i)].isNumber {
                end = t.index(after: i)
            } else {
                break
            }
        }
        return (String(t[..<end]), String(t[end...]).trimmingSpaces)
    }
}

/// A value that does not parse.
public struct UnitError: Error, Sendable {
    public var message: String
    /// The value is a number with a unit, but too large for the type that holds it.
    public var isRange: Bool
    public init(_ message: String, isRange: Bool = false) {
        self.message = message
        self.isRange = isRange
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
