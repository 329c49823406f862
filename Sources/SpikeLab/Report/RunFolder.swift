import Foundation

/// Writes a run folder whole or not at all: every file goes into a hidden
/// temporary folder beside the target, which is renamed into place at the end.
/// A crash leaves at most a `.tmp-…` folder, never a half report.
public struct RunFolder {
    public let path: String
    /// Where the files go until `commit()`.
    public let temporary: String
    private var files: [String] = []

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

    /// Starts a folder that will appear at `path` on `commit()`.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        temporary = "\(parent)/.tmp-\(url.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    /// Adds a file.
    public mutating func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(temporary)/\(name)"))
        files.append(name)
    }

    /// Moves the folder into place, replacing an older one at the same path.
    public func commit() throws {
        let fm = FileManager.default
        var old: String? = nil
        if fm.fileExists(atPath: path) {
            old = "\(temporary).old"
            try? fm.removeItem(atPath: old!)
            try fm.moveItem(atPath: path, toPath: old!)
        }
        try fm.moveItem(atPath: temporary, toPath: path)
        if let old { try? fm.removeItem(atPath: old) }
    }

    /// Removes the temporary folder (after a failure).
    public func discard() {
        try? FileManager.default.removeItem(atPath: temporary)
    }

    /// Writes one file atomically: a temporary name in the same folder, then a rename.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
