/// Exit statuses a CI script can rely on.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// The run completed and every check passed.
    case success = 0
    /// A threshold or a baseline comparison failed.
    case checkFailed = 1
    /// Invalid input: bad flags, a scenario that does not validate (EX_USAGE).
    case usage = 64
    /// `run --target`: the target did not answer at all (EX_UNAVAILABLE).
    case unavailable = 69
    /// A broken invariant: conservation did not hold (EX_SOFTWARE).
    case invariantBroken = 70
    /// The report could not be written (EX_IOERR).
    case ioError = 74
    /// A wall-clock run stopped by SIGINT or SIGTERM; its report is written,
    /// marked as interrupted (128 + SIGINT, as shells report it).
    case interrupted = 130
}
