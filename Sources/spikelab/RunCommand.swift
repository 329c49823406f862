import ArgumentParser
import Foundation
import SpikeLab
import SpikeLabCore
import SpikeLabServer

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its report folder.",
        discussion: "Writes report.html, summary.json, timeseries.csv, latency.csv, one .hgrm per stage, scenario.yaml and metadata.json under reports/ (or --out), whole or not at all. Thresholds (the scenario's and --threshold) and --baseline make the exit status 1 when they fail."
    )

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Seed for every random draw (default: the scenario's).")
    var seed: UInt64?

    @OptionGroup var output: OutputOptions

    @Option(help: "virtual (default: simulated time, deterministic) or wall (real time, real concurrency).")
    var clock: ClockKind?

    @Option(name: .customLong("threshold"), help: ArgumentHelp("A threshold to hold, added to the scenario's: 'p99(end_to_end) < 2s [window 10s]' (repeatable).", valueName: "expression"))
    var thresholds: [String] = []

    @OptionGroup var baseline: BaselineOptions

    @OptionGroup(title: "Over HTTP") var http: TargetOptions

    @Flag(help: "Print nothing but errors (no progress line, no summary).")
    var quiet = false

    func run() async throws {
        var loaded = try scenario.load()
        for text in thresholds {
            switch Threshold.parse(text, interval: loaded.interval) {
            case let .success(t): loaded.thresholds.append(t)
            case let .failure(e):
                FileHandle.standardError.write(Data("--threshold: \(e)\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        let comparison = try baseline.load()
        if let mismatch = comparison?.mismatch(scenario: loaded, seed: seed) {
            FileHandle.standardError.write(Data("\(mismatch.description)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let target = try http.validated()
        if target != nil && clock == .virtual {
            FileHandle.standardError.write(Data("--target runs on the wall clock; drop --clock virtual\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let started = Date()
        let claimed = try output.claim(defaultPath: RunFolder.defaultPath(scenario: loaded.name, startedAt: started))
        let folder = claimed.path
        var steal = HostSteal()
        let wallClock = ContinuousClock()
        let t0 = wallClock.now
        let result: RunResult
        if let target {
            result = try await Self.runAgainst(target, loaded, seed: seed, connections: http.connections, apiKey: http.apiKey, quiet: quiet)
        } else {
            switch clock ?? loaded.clock {
            case .virtual:
                let progress = ProgressLine(quiet: quiet)
                result = VirtualEngine(scenario: loaded, seed: seed, progress: progress.show).run()
                progress.clear()
            case .wall:
                result = await Self.runOnWallClock(loaded, seed: seed, quiet: quiet)
            }
        }
        let wall = (wallClock.now - t0).seconds
        let metadata = RunMetadata(
            spikelabVersion: spikelabVersion, scenario: loaded.name, scenarioHash: Summary.hash(loaded.sourceText),
            seed: result.seed, engine: result.engine, host: ProcessInfo.processInfo.hostName,
            startedAt: ISO8601DateFormatter().string(from: started), wallSeconds: wall,
            eventsPerSecond: wall > 0 ? Double(result.events) / wall : 0,
            requestsPerSecond: wall > 0 ? Double(result.counters.sent) / wall : 0,
            speedup: wall > 0 ? result.simulatedSeconds / wall : 0,
            allocator: Jemalloc.stats(), peakResidentBytes: ProcessMemory.peakResidentBytes(),
            hostStealSeconds: steal.sinceLast().map { $0 / 1000 }, commandLine: CommandLine.arguments)
        let summary = try OutputOptions.write(result, metadata: metadata, into: claimed)
        if !quiet {
            print(TerminalSummary.render(summary, metadata: metadata, folder: folder))
        }
        if !summary.conservation.holds {
            FileHandle.standardError.write(Data("CONSERVATION BROKEN: \(summary.conservation.equation)\n".utf8))
            throw ExitCode(ExitStatus.invariantBroken.rawValue)
        }
        if summary.interrupted { throw ExitCode(ExitStatus.interrupted.rawValue) }
        if let comparison {
            let check: BaselineComparison.Outcome
            do { check = try comparison.compare(summary, folder: folder) } catch {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            if !quiet { print("\n" + check.table) }
            if !check.passed { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
        if !summary.thresholdsPassed { throw ExitCode(ExitStatus.checkFailed.rawValue) }
    }

    /// A wall-clock run with signal handling and, on a terminal, a live progress line.
    static func runOnWallClock(_ scenario: Scenario, seed: UInt64?, quiet: Bool) async -> RunResult {
        var options = WallClockEngine.Options()
        let progress = ProgressLine(quiet: quiet)
        options.progress = progress.show
        let trap = SignalTrap(options.stop, drain: options.stopDrain.seconds)
        let result = await WallClockEngine(scenario: scenario, seed: seed, options: options).run()
        trap.cancel()
        progress.clear()
        return result
    }

    /// A run over HTTP against `target`, with signal handling and a progress line.
    static func runAgainst(_ target: TargetSettings, _ scenario: Scenario,
                           seed: UInt64?, connections: Int, apiKey: String?, quiet: Bool) async throws -> RunResult {
        var options = TargetEngine.Options()
        options.target = target.url
        options.apiKey = apiKey
        options.headers = target.headers
        let progress = ProgressLine(quiet: quiet)
        options.progress = progress.show
        let transport: any TargetTransport
        do {
            transport = try target.transport(connections: connections)
        } catch {
            FileHandle.standardError.write(Data("--target: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let trap = SignalTrap(options.stop, drain: options.stopDrain.seconds)
        defer { trap.cancel() }
        do {
            let result = try await TargetEngine(scenario: scenario, seed: seed, transport: transport, options: options).run()
            progress.clear()
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(ExitStatus.unavailable.rawValue)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
