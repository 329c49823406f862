/// The inputs SpikeLab is fuzzed on, each with the invariant it must keep
/// whatever the bytes: never a crash, and never an answer outside its contract.
///
/// `check` is the whole of a fuzz target: the libFuzzer entries in `Tests/Fuzz`
/// call it and trap on a broken invariant, and the unit tests replay the seed
/// corpora and every saved crash through it (`FuzzCorpusTests`), so a fixed
/// crash stays fixed without libFuzzer. Inputs with several parts separate
/// them with a 0 byte (`sections`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// YAML text to a validated scenario or a list of problems.
    case scenario
    /// A `--set path=value` applied to the bundled flash sale.
    case overrides
    /// The units and threshold grammar: durations, sizes, shares, thresholds.
    case units
    /// A baseline and a summary, decoded, compared and printed.
    case decoders
    /// A run folder's files, read as `spikelab report` reads them, and drawn.
    case runFolder = "run-folder"
    /// The gateway's request path: an API key, a route and a body to an answer.
    case gateway
    /// The payload validator's two passes, which must agree (differential).
    case validator

    /// Runs one input; returns the invariant it broke, or nil.
    public func check(_ bytes: [UInt8]) -> String? {
        switch self {
        case .scenario: Self.checkScenario(bytes)
        case .overrides: Self.checkOverrides(bytes)
        case .units: Self.checkUnits(bytes)
        case .decoders: Self.checkDecoders(bytes)
        case .runFolder: Self.checkRunFolder(bytes)
        case .gateway: Self.checkGateway(bytes)
        case .validator: Self.checkValidator(bytes)
        }
    }

    /// The input's parts, split at each 0 byte; always `count` of them (missing
    /// ones empty, extra ones joined into the last).
    static func sections(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
        var parts = bytes.split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
        while parts.count < count { parts.append([]) }
        return parts
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
