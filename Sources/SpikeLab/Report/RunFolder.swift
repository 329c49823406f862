import Foundation

/// Writes a run folder whole or not at all: every file goes into a hidden
/// temporary folder beside the target, which is renamed into place at the end.
/// A crash leaves at most a `.tmp-…` folder, never a half report.
public struct RunFolder {
    public let path: String
    /// Where the files go until `commit()`.
    public let temporary: String
    private var files: [String] = []

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
