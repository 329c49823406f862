import ArgumentParser
import Foundation
import SpikeLab

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid of settings, in parallel on the virtual clock, and compare them.",
        discussion: "Writes a sweep folder: one run folder per point, sweep.csv and sweep.html (p99, peak depth and cost against the first varied setting, the knee marked). Without --vary, the scenario's own `sweep:` section is used."
    )

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .customLong("vary"), help: ArgumentHelp("A setting and its values: consumers.concurrency=5,10,20 (repeatable; the first is the x axis).", valueName: "path=v1,v2,…"))
    var vary: [String] = []

    @Option(help: "Seed for every point (default: the scenario's).") var seed: UInt64?
    @OptionGroup var output: OutputOptions
    @Option(help: "Points run at once (default: the number of cores).") var parallel: Int?
    @Option(help: "p99 must improve by at least this share per step, or the step before is the knee (default 10%).") var knee: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() async throws {
        let base = try scenario.load()
        var axes: [SweepAxis] = []
        for v in vary {
            guard let axis = SweepAxis.parse(v) else { usage("--vary \(v): expected path=v1,v2,…") }
            axes.append(axis)
        }
        if axes.isEmpty { axes = base.sweep }
        if axes.isEmpty { usage("\(scenario.path): nothing to vary; give --vary path=v1,v2,… or a sweep: section") }
        var fraction = base.kneeFraction
        if let knee {
            guard case let .success(f) = Units.share(knee) else { usage("--knee \(knee): expected a share such as 10%") }
            fraction = f
        }
        if let problem = SweepAxis.problem(axes) { usage(problem) }
        let root = try output.claim(defaultPath: RunFolder.defaultPath(scenario: base.name, kind: "sweep", startedAt: Date()))
        let folder = root.path
        let clock = ContinuousClock()
        let t0 = clock.now
        let stop = StopSignal()
        let trap = SignalTrap(stop, drain: 0, first: "stopping: no new point starts; the points done are kept (interrupt again to stop at once)")
        let points: [SweepPoint]
        do {
            points = try await Sweep.run(scenarioPath: scenario.path, overrides: scenario.overrides, axes: axes, seed: seed,
                                         folder: root.temporary, parallelism: parallel ?? ProcessInfo.processInfo.activeProcessorCount,
                                         stop: stop)
        } catch {
            trap.cancel()
            root.discard()
            if error.isWriteFailure { io(error.description) }
            usage(error.description)
        }
        trap.cancel()
        let interrupted = stop.current != .running
        do {
            let metadata = SweepMetadata(scenario: base.name, points: points.count, of: SweepAxis.count(axes), interrupted: interrupted)
            try root.write("metadata.json", String(decoding: try RunReport.encoder().encode(metadata), as: UTF8.self) + "\n")
            try root.write("sweep.csv", Sweep.csv(points, axes: axes, kneeFraction: fraction))
            try root.write("sweep.html", SweepPage.render(points, axes: axes, scenario: base.name, kneeFraction: fraction))
            try root.commit()
        } catch {
            root.discard()
            io("cannot write \(folder): \(error.localizedDescription)")
        }
        if !quiet {
            let wall = (clock.now - t0).seconds
            print("\(base.name): \(points.count) points in \(ReportNumber.rounded(wall, 2))s")
            print(Sweep.csv(points, axes: axes, kneeFraction: fraction).replacingOccurrences(of: "\r\n", with: "\n"), terminator: "")
            print("sweep: \(folder)")
        }
        if points.contains(where: { !$0.conservationHolds }) {
            FileHandle.standardError.write(Data("CONSERVATION BROKEN in a sweep point\n".utf8))
            throw ExitCode(ExitStatus.invariantBroken.rawValue)
        }
        if interrupted {
            FileHandle.standardError.write(Data("interrupted: \(points.count) of \(SweepAxis.count(axes)) points done, written to \(folder)\n".utf8))
            throw ExitCode(ExitStatus.interrupted.rawValue)
        }
    }

    private func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(ExitStatus.usage.rawValue)
    }

    private func io(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(ExitStatus.ioError.rawValue)
    }
}
