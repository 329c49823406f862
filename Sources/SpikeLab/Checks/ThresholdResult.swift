/// How one threshold fared: over the whole run and, if it has a window, in
/// every window of that length.
public struct ThresholdResult: Codable, Sendable, Equatable {
    public var expression: String
    public var passed: Bool
    /// The whole run's value, in `unit`.
    public var observed: Double
    public var unit: String
    /// Windowed thresholds: the window length, how many windows there were and
    /// how many broke the threshold, and the worst of them.
    public var windowSeconds: Double?
    public var windows: Int?
    public var windowsFailed: Int?
    public var worstWindow: Window?
    /// A run over HTTP that could not see the stage (a target that is not a
    /// SpikeLab server): the threshold fails rather than pass on no samples.
    public var unmeasured: Bool? = nil

    public struct Window: Codable, Sendable, Equatable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var value: Double
    }
}
