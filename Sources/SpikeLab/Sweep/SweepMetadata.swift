/// A sweep folder's `metadata.json`: what it is, and how much of its grid ran.
/// Its `spikelabVersion` marks the folder as SpikeLab's (see `RunFolder`).
public struct SweepMetadata: Codable, Sendable {
    public var spikelabVersion = SpikeLab.spikelabVersion
    public var kind = "sweep"
    public var scenario: String
    /// Points written, of the grid's `gridPoints`.
    public var points: Int
    public var gridPoints: Int
    /// Stopped by SIGINT or SIGTERM before every point ran.
    public var interrupted: Bool

    public init(scenario: String, points: Int, of gridPoints: Int, interrupted: Bool) {
        self.scenario = scenario
        self.points = points
        self.gridPoints = gridPoints
        self.interrupted = interrupted
    }
}
