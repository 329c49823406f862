/// An RFC 4180 table: a header row, then rows, CRLF line ends, fields quoted
/// only when they hold a comma, a quote or a line break.
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var text: String

    public init(header: [String]) {
        self.header = header
        self.text = ""
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        precondition(fields.count == header.count, "a CSV row needs \(header.count) fields, got \(fields.count)")
        text += fields.map(Self.escape).joined(separator: ",")
        text += "\r\n"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingQuotes + "\""
    }
}

extension String {
    fileprivate var replacingQuotes: String {
        var out = ""
        for c in self { if c == "\"" { out += "\"\"" } else { out.append(c) } }
        return out
    }
}

/// Deterministic number formatting for reports: integer arithmetic, no locale.
public enum ReportNumber {
    /// Microseconds as milliseconds with three decimals: 12345 → "12.345".
    public static func milliseconds(_ micros: UInt64) -> String {
        let frac = micros % 1000
        return "\(micros / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
    }

    /// A non-negative value with three decimals (a negative one is 0.000). From
    /// 10^12, where a Double's 53 bits no longer hold three decimals, or not
    /// finite, Swift's own shortest form.
    public static func fixed3(_ value: Double) -> String {
        guard value.isFinite, value < 1e12 else { return value.description }
        return milliseconds(UInt64(max(0, (value * 1000).rounded())))
    }

    /// Microseconds as milliseconds, as a JSON number.
    public static func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }

    /// Thousands separators for the terminal: 1234567 → "1,234,567".
    public static func grouped(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A latency for people: 850µs, 12.3ms, 1.52s.
    public static func latency(_ micros: UInt64) -> String {
        if micros < 1000 { return "\(micros)µs" }
        if micros < 1_000_000 {
            let ms = Double(micros) / 1000
            return ms < 10 ? "\(rounded(ms, 2))ms" : ms < 100 ? "\(rounded(ms, 1))ms" : "\(Int(ms.rounded()))ms"
        }
        let s = Double(micros) / 1e6
        return s < 10 ? "\(rounded(s, 2))s" : s < 100 ? "\(rounded(s, 1))s" : "\(Int(s.rounded()))s"
    }

    /// `x` with `places` decimals (1 to 3), the sign kept: -22.06 → "-22.1".
    /// From 10^12 (where a Double's 53 bits no longer hold three decimals), or
    /// not finite, Swift's own shortest form ("1e+308", "inf").
    public static func rounded(_ x: Double, _ places: Int) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return x.description }
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let v = UInt64((abs(x) * Double(scale)).rounded())
        var frac = String(v % scale)
        while frac.count < places { frac = "0" + frac }
        return (x < 0 && v != 0 ? "-" : "") + "\(v / scale).\(frac)"
    }
}
