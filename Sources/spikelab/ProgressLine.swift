import Foundation
import SpikeLab

/// The live progress line of a run: rewritten in place at most ten times a
/// second on a terminal (the virtual clock closes intervals far faster than
/// that); nothing at all with `--quiet` or when stdout is a pipe or a file.
struct ProgressLine: Sendable {
    let enabled: Bool
    private let throttle = Throttle()

    init(quiet: Bool) {
        enabled = isatty(STDOUT_FILENO) == 1 && !quiet
    }

    /// The engine's progress callback, or nil when the line is off.
    var show: (@Sendable (RunProgress) -> Void)? {
        guard enabled else { return nil }
        let throttle = self.throttle
        return { snapshot in
            guard throttle.due() else { return }
            FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(snapshot.line)".utf8))
        }
    }

    /// Erases the line before the summary is printed.
    func clear() {
        if enabled { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)) }
    }

    /// Whether 100 ms have passed since the last line written.
    private final class Throttle: @unchecked Sendable {
        private let lock = NSLock()
        private var last: ContinuousClock.Instant?

        func due() -> Bool {
            let now = ContinuousClock.now
            lock.lock()
            defer { lock.unlock() }
            if let last, now - last < .milliseconds(100) { return false }
            last = now
            return true
        }
    }
}
