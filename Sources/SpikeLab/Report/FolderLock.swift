import Foundation

/// An advisory lock on a file (`flock`), held by this process until `release`.
///
/// The kernel drops it when the process ends, however it ends (SIGKILL
/// included), so a lock that can be taken means that no live process holds it.
/// The file holds the holder's process id, for messages.
final class FolderLock: Sendable {
    private let descriptor: Int32
    let path: String

    /// Takes the lock at `path`, making the file if needed; nil when another
    /// process holds it.
    ///
    /// A holder that releases with `removing` unlinks the file; a process that
    /// opened the file before that and locks it afterwards would hold a lock on
    /// a file no longer at `path`, so the lock is taken again until the file
    /// locked is the one at `path`.
    init?(path: String) {
        for _ in 0..<8 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { return nil }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return nil
            }
            var held = stat()
            var named = stat()
            if fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                _ = ftruncate(fd, 0)
                let pid = "\(getpid())\n"
                _ = pid.withCString { write(fd, $0, strlen($0)) }
                descriptor = fd
                self.path = path
                return
            }
            close(fd)
        }
        return nil
    }

    /// Lets the lock go, unlinking the file first when `removing` (while still
    /// holding it, so that no other process can be mid-claim on it).
    func release(removing: Bool) {
        if removing { unlink(path) }
        close(descriptor)
    }
}
