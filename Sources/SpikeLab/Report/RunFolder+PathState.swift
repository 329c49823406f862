import Foundation

extension RunFolder {
    /// What stands at a path a run folder is to take, read with `lstat` (a
    /// symbolic link is never followed).
    enum PathState: Equatable {
        case absent
        case emptyFolder
        /// A folder whose `metadata.json` names a SpikeLab version.
        case spikeLabFolder
        case otherFolder
        case file
        case symbolicLink
        /// A device, a socket or a pipe.
        case special

        /// Why a claim refuses this state.
        func refusal(force: Bool) -> String {
            switch self {
            case .absent, .emptyFolder: "is free"
            case .spikeLabFolder:
                "a SpikeLab run folder is already there; choose a new path, or give --force to replace it"
            case .otherFolder:
                "the folder exists and is not empty, and it is not one SpikeLab wrote (no SpikeLab metadata.json)"
                    + (force ? "; --force replaces only SpikeLab's own folders" : "; choose a new path")
            case .file: "is a file, not a folder; SpikeLab writes a new folder and never replaces a file"
            case .symbolicLink: "is a symbolic link; SpikeLab writes a new folder and never writes through a link"
            case .special: "is a device, socket or pipe; SpikeLab writes a new folder only"
            }
        }
    }

    /// What stands at `path`.
    /// - Complexity: one `lstat`, and for a folder a listing and a read of its
    ///   `metadata.json`.
    static func state(of path: String) -> PathState {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .symbolicLink
        case S_IFREG: return .file
        case S_IFDIR:
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]
            if entries.isEmpty { return .emptyFolder }
            return isSpikeLabMetadata(atPath: "\(path)/metadata.json") ? .spikeLabFolder : .otherFolder
        default: return .special
        }
    }

    /// Whether `path` is a regular file holding a JSON object with a
    /// `spikelabVersion`: the mark of a folder SpikeLab wrote.
    static func isSpikeLabMetadata(atPath path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 20,
            let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object["spikelabVersion"] is String
    }

    /// Removes the hidden temporary folders in `parent` that a SpikeLab process
    /// left when it was killed: those that carry SpikeLab's marker and whose
    /// folder lock no live process holds (or whose lock this process holds, as
    /// the claim of `held`). Anything else is left alone.
    static func removeAbandoned(in parent: String, holding held: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(".tmp-") {
            let path = "\(parent)/\(entry)"
            if entry.hasSuffix(".lock") {
                // A lock whose process died before it made its folder.
                if entry != ".tmp-\(held).lock", state(of: path) == .file, let lock = FolderLock(path: path) {
                    lock.release(removing: true)
                }
                continue
            }
            // `.tmp-<name>-<pid>`, marked as SpikeLab's.
            guard state(of: path) == .otherFolder, state(of: "\(path)/\(marker)") == .file,
                let dash = entry.lastIndex(of: "-")
            else { continue }
            let name = String(entry[entry.index(entry.startIndex, offsetBy: 5)..<dash])
            if name == held {
                try? FileManager.default.removeItem(atPath: path)
            } else if let lock = FolderLock(path: "\(parent)/.tmp-\(name).lock") {
                try? FileManager.default.removeItem(atPath: path)
                lock.release(removing: true)
            }
        }
    }
}
