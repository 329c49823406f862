import Foundation

/// Writes one file whole, as a new file: the text goes to a hidden temporary
/// file beside it, which is then hard-linked at the path (`link` fails if
/// anything is there, so nothing is ever overwritten by a race) and unlinked.
public enum NewFile {
    /// A path that may not be written, with why; the commands exit 64 with it.
    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `text` at `path`, which must not exist; or, when `replacing`
    /// accepts what is at `path` (a regular file, read without following a
    /// link), in its place.
    public static func write(_ text: String, to path: String, replacing: ((String) -> Bool)? = nil) throws {
        let state = RunFolder.state(of: path)
        let replace: Bool
        switch state {
        case .absent: replace = false
        case .file where replacing?(path) == true: replace = true
        case .file:
            throw Refused(description: "\(path): the file exists"
                + (replacing == nil ? "; choose a new path, or give --force to replace a SpikeLab file" : " and is not one SpikeLab wrote; --force replaces only SpikeLab's own files"))
        default:
            throw Refused(description: "\(path): \(state.refusal(force: replacing != nil).replacingOccurrences(of: "a new folder", with: "a new file"))")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".tmp-\(url.lastPathComponent)-\(getpid())").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        defer { unlink(temporary) }
        if replace {
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } else if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { throw Refused(description: "\(path): a file appeared there while it was being written; it was left as it is") }
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
