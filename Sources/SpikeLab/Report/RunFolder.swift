import Foundation

/// Writes a run folder whole or not at all, and only ever as a new folder.
///
/// `init` claims the path before anything runs: it refuses (with `Refused`,
/// exit 64) a path that holds anything SpikeLab must not replace, and takes an
/// advisory lock (`FolderLock`, `.tmp-<name>.lock` beside the folder) that a
/// second SpikeLab process writing the same path cannot take. Files go into a
/// hidden `.tmp-<name>-<pid>` folder beside the target, which `commit()` renames
/// into place. A crash leaves at most that hidden folder, never a half report,
/// and the next claim in the same parent folder removes hidden folders whose
/// process is gone.
///
/// What a claim accepts at `path`: nothing, or an empty folder. With `force`,
/// also a folder that SpikeLab wrote (its `metadata.json` names a SpikeLab
/// version), which `commit()` replaces. Never a file, a device, a symbolic link
/// or a folder of anyone else's.
public final class RunFolder {
    public let path: String
    /// Where the files go until `commit()`.
    public let temporary: String
    private let lock: FolderLock
    private let replaces: Bool
    private var done = false

    /// The name of the file that marks a temporary folder as SpikeLab's own, so
    /// that clean-up never removes a hidden folder someone else made.
    static let marker = ".spikelab-partial"

    /// A path the claim refuses, with why; the commands exit 64 with it.
    public struct Refused: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Claims `path` for a new folder (see the type's comment).
    /// - Throws: `Refused` when the path may not be written; a file-system error
    ///   when the parent folder cannot be made.
    public init(path: String, force: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        // Checked before the lock is taken, so that a refused path gets no lock
        // file beside it, and again once it is held.
        if let refusal = Self.refusal(path, force: force) { throw refusal }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        guard let lock = FolderLock(path: "\(parent)/.tmp-\(name).lock") else {
            throw Refused(description: "\(path): another SpikeLab process is writing this run folder")
        }
        if let refusal = Self.refusal(path, force: force) {
            lock.release(removing: true)
            throw refusal
        }
        Self.removeAbandoned(in: parent, holding: name)
        replaces = Self.state(of: path) == .spikeLabFolder
        self.path = path
        self.lock = lock
        temporary = "\(parent)/.tmp-\(name)-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: "\(temporary)/\(Self.marker)"))
        } catch {
            // Fully initialized: `discard` releases the lock once, and `deinit`
            // (which runs for a class whose init throws from here) does nothing.
            discard()
            throw error
        }
    }

    /// Why `path` may not be claimed, or nil.
    static func refusal(_ path: String, force: Bool) -> Refused? {
        let state = state(of: path)
        switch state {
        case .absent, .emptyFolder: return nil
        case .spikeLabFolder where force: return nil
        default: return Refused(description: "\(path): \(state.refusal(force: force))")
        }
    }

    /// Claims `base`, or when it is taken or being written `base-2`, `base-3`,
    /// …: for default paths, which two runs started in the same second would share.
    public static func fresh(_ base: String) throws -> RunFolder {
        for n in 1...1000 {
            do {
                return try RunFolder(path: n == 1 ? base : "\(base)-\(n)")
            } catch is Refused {
                continue
            }
        }
        throw Refused(description: "\(base): every name up to \(base)-1000 is taken")
    }

    deinit {
        if !done { discard() }
    }

    /// Adds a file.
    public func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(temporary)/\(name)"))
    }

    /// Moves the folder into place: onto nothing, onto the empty folder the claim
    /// found, or (with `force`) in place of the SpikeLab folder it found.
    public func commit() throws {
        let fm = FileManager.default
        try fm.removeItem(atPath: "\(temporary)/\(Self.marker)")
        switch Self.state(of: path) {
        case .absent:
            try fm.moveItem(atPath: temporary, toPath: path)
        case .emptyFolder:
            try fm.removeItem(atPath: path)
            try fm.moveItem(atPath: temporary, toPath: path)
        case .spikeLabFolder where replaces:
            let old = "\(temporary).old"
            try fm.moveItem(atPath: path, toPath: old)
            try fm.moveItem(atPath: temporary, toPath: path)
            try? fm.removeItem(atPath: old)
        case let other:
            // Someone else put something there during the run: keep theirs.
            throw Refused(description: "\(path): \(other.refusal(force: replaces)) (it appeared during the run)")
        }
        done = true
        lock.release(removing: true)
    }

    /// Removes the temporary folder (after a failure).
    public func discard() {
        guard !done else { return }
        try? FileManager.default.removeItem(atPath: temporary)
        done = true
        lock.release(removing: true)
    }

    /// Writes one file whole: a temporary name in the same folder, then a rename.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
