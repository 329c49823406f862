import Foundation

extension RunFolder {
    /// The folder a run goes to when `--out` is not given:
    /// `reports/<name>[-<kind>]-<yyyyMMdd-HHmmss>`, in UTC.
    ///
    /// The scenario's name is free text (it is shown in reports), so only its ASCII
    /// letters, digits, `-`, `_` and `.` are kept, anything else becoming one `-`,
    /// with no `.` or `-` at either end and at most 80 characters: a name such as
    /// `a/../../b` stays one folder under `reports/`. A name with nothing left is `run`.
    public static func defaultPath(scenario name: String, kind: String? = nil, startedAt date: Date) -> String {
        "reports/\(slug(name))\(kind.map { "-\($0)" } ?? "")-\(stamp(date))"
    }

    /// `name` as one safe path component; see `defaultPath`.
    static func slug(_ name: String) -> String {
        var out = ""
        for u in name.unicodeScalars {
            if keeps(u) { out.unicodeScalars.append(u) } else if !out.hasSuffix("-") { out += "-" }
        }
        let trimmed = out.prefix(80).trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        return trimmed.isEmpty ? "run" : trimmed
    }

    /// Whether a folder name made from free text keeps `u` as it is: ASCII
    /// letters, digits, `-`, `_` and `.` (the rest becomes `-`).
    static func keeps(_ u: Unicode.Scalar) -> Bool {
        u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "-" || u == "_" || u == ".")
    }

    /// A start time as `yyyyMMdd-HHmmss`, in UTC.
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }

}
