import Foundation
import SpikeLab

/// The live progress line of a wall-clock run: rewritten in place once per
/// interval on a terminal; nothing at all with `--quiet` or when stdout is a
/// pipe or a file.
struct ProgressLine: Sendable {
    let enabled: Bool

    init(quiet: Bool) {
        enabled = isatty(STDOUT_FILENO) == 1 && !quiet
    }

    /// The engine's progress callback, or nil when the line is off.
    var show: (@Sendable (WallClockProgress) -> Void)? {
        guard enabled else { return nil }
        return { snapshot in FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(snapshot.line)".utf8)) }
    }

    /// Erases the line before the summary is printed.
    func clear() {
        if enabled { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
