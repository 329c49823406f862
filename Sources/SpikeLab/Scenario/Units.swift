import SpikeLabCore

/// Parses the scenario format's values with units: durations (`250ms`, `1.5s`,
/// `2m`, `1h`, `4d`; a bare number is seconds), sizes (`400KB`, `10MB`, with
/// KB = 1,024 bytes as AWS counts them; a bare number is bytes) and shares
/// (`1.5%` or `0.015`).
public enum Units {
    /// A duration, or a message saying what is wrong. Parts add up: `2m30s`, `1h30m`.
    public static func duration(_ text: String) -> Result<TimeSpan, UnitError> {
        var rest = Substring(text.trimmingSpaces)
        var total = TimeSpan.zero
        var parts: [Substring] = []
        // Cut before each digit that follows a letter: "2m30s" → "2m", "30s".
        var start = rest.startIndex
        var i = rest.startIndex
        while i < rest.endIndex {
            let next = rest.index(after: i)
            if next < rest.endIndex, rest[i].isLetter, rest[next].isNumber {
                parts.append(rest[start..<next])
                start = next
            }
            i = next
        }
        parts.append(rest[start...])
        if parts.count > 1 {
            for part in parts {
                switch single(String(part)) {
                case let .success(v): total = total + v
                case .failure: return .failure(UnitError("'\(text)' is not a duration (write it like 250ms, 1.5s, 2m30s, 1h)"))
                }
            }
            return .success(total)
        }
        rest = parts[0]
        return single(String(rest))
    }

    static func single(_ text: String) -> Result<TimeSpan, UnitError> {
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
        guard abs(ns) < 9e18 else { return .failure(UnitError("'\(text)' is too long")) }
        return .success(TimeSpan(nanoseconds: Int64(ns.rounded())))
    }

    /// A size in bytes.
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
        return .success(Int((value * scale).rounded()))
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
    public init(_ message: String) { self.message = message }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
