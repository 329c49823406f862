import Foundation
import SpikeLabCore

/// Runs a scenario over a grid of settings, in parallel on the virtual clock,
/// every point with the same seed so that only the settings differ, and writes
/// a sweep folder: one run folder per point, `sweep.csv` and `sweep.html`.
public enum Sweep {
    /// The fraction by which p99 must still improve for a step to count: below
    /// it, the setting before the step is the knee.
    public static let defaultKneeFraction = 0.10

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// A point's run folder could not be written (the input was fine).
        public var isWriteFailure = false
    }

    /// The most points a sweep runs: a larger grid is refused before anything
    /// runs. At the flash sale's 1.7 s a point on two cores, 1,000 points take
    /// about 15 minutes.
    public static let maxPoints = 1_000

    /// Runs every point, `parallelism` at a time, each written to its run folder
    /// under `folder` as it finishes; returns the finished points in grid order.
    ///
    /// Every point is validated before any runs, and none is kept: a point's
    /// scenario is loaded again when it runs, and of its run only its sweep
    /// row stays (`SweepPoint`). Memory is that of `parallelism` runs.
    ///
    /// When `stop` is raised, no new point starts, the points running stop at
    /// their next interval's end and are not written, and the finished points
    /// are returned.
    public static func run(scenarioPath: String, overrides: [String], axes: [SweepAxis], seed: UInt64?, folder: String,
                           parallelism: Int, stop: StopSignal? = nil) async throws(Failure) -> [SweepPoint] {
        if let problem = SweepAxis.problem(axes) { throw Failure(description: problem) }
        let grid = SweepAxis.grid(axes)
        func overridesOf(_ point: [(path: String, value: String)]) -> [String] {
            overrides + point.map { "\($0.path)=\($0.value)" }
        }
        for point in grid {
            if stop?.current ?? .running != .running { return [] }
            do {
                _ = try ScenarioLoader.load(path: scenarioPath, overrides: overridesOf(point))
            } catch {
                throw Failure(description: error.description)
            }
        }
        let results = await withTaskGroup(of: (Int, Result<SweepPoint?, Failure>).self) { group in
            var next = 0
            var out: [(Int, Result<SweepPoint?, Failure>)] = []
            func add() {
                let i = next
                next += 1
                let settings = grid[i]
                group.addTask {
                    guard let scenario = try? ScenarioLoader.load(path: scenarioPath, overrides: overridesOf(settings)) else {
                        return (i, .failure(Failure(description: "\(scenarioPath) changed during the sweep")))
                    }
                    let result = VirtualEngine(scenario: scenario, seed: seed, stop: stop).run()
                    if result.interrupted { return (i, .success(nil)) }
                    let path = "\(folder)/\(SweepPoint.name(settings))"
                    let metadata = RunMetadata(spikelabVersion: spikelabVersion, scenario: scenario.name, scenarioHash: Summary.hash(scenario.sourceText),
                                               seed: result.seed, engine: result.engine, host: ProcessInfo.processInfo.hostName, startedAt: "",
                                               wallSeconds: 0, eventsPerSecond: 0, requestsPerSecond: 0, speedup: 0, allocator: .system,
                                               peakResidentBytes: nil, commandLine: [])
                    do {
                        let summary = try RunReport.write(result, metadata: metadata, to: path)
                        return (i, .success(SweepPoint(settings: settings, folder: path, summary: summary)))
                    } catch {
                        return (i, .failure(Failure(description: "cannot write \(path): \(error.localizedDescription)", isWriteFailure: true)))
                    }
                }
            }
            for _ in 0..<min(max(1, parallelism), grid.count) { add() }
            while let done = await group.next() {
                out.append(done)
                if next < grid.count, stop?.current ?? .running == .running { add() }
            }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var points: [SweepPoint] = []
        for r in results {
            switch r {
            case let .success(p): if let p { points.append(p) }
            case let .failure(f): throw f
            }
        }
        return points
    }

    /// The knee of one curve: the smallest setting past which p99 improves by
    /// less than `fraction`; nil when every step still improves by more.
    /// - Parameter curve: (setting, p99) sorted by setting.
    public static func knee(_ curve: [(x: Double, p99: Double)], fraction: Double = defaultKneeFraction) -> Double? {
        for (a, b) in zip(curve, curve.dropFirst()) {
            let improvement = a.p99 > 0 ? (a.p99 - b.p99) / a.p99 : 0
            if improvement < fraction { return a.x }
        }
        return nil
    }

    /// The points grouped into curves: one per combination of the other axes,
    /// each sorted by the first axis (the varied setting).
    public static func curves(_ points: [SweepPoint], axes: [SweepAxis]) -> [(label: String, points: [SweepPoint])] {
        var groups: [String: [SweepPoint]] = [:]
        var order: [String] = []
        for p in points {
            let label = p.settings.dropFirst().map { "\($0.path)=\($0.value)" }.joined(separator: ", ")
            if groups[label] == nil { order.append(label) }
            groups[label, default: []].append(p)
        }
        return order.map { label in
            (label.isEmpty ? axes.first?.path ?? "" : label,
             groups[label]!.sorted { (Double($0.settings[0].value) ?? 0) < (Double($1.settings[0].value) ?? 0) })
        }
    }

    public static let csvHeader = ["throughput_rps", "e2e_p50_ms", "e2e_p90_ms", "e2e_p99_ms", "e2e_p99_9_ms", "e2e_max_ms",
                                   "peak_visible", "drain_s", "throttled", "dead_lettered", "consumer_seconds", "knee"]

    /// `sweep.csv`: one row per point, the settings first.
    public static func csv(_ points: [SweepPoint], axes: [SweepAxis], kneeFraction: Double = defaultKneeFraction) -> String {
        var table = CSVTable(header: axes.map(\.path) + csvHeader)
        let knees = Set(curves(points, axes: axes).compactMap { curve -> String? in
            guard let x = knee(curve.points.map { (Double($0.settings[0].value) ?? 0, $0.p99) }, fraction: kneeFraction) else { return nil }
            return curve.points.first { Double($0.settings[0].value) == x }?.folder
        })
        for p in points {
            let l = p.endToEnd
            func ms(_ v: Double?) -> String { ReportNumber.fixed3(v ?? 0) }
            table.append(p.settings.map(\.value) + [
                ReportNumber.fixed3(p.throughput), ms(l?.p50Ms), ms(l?.p90Ms), ms(l?.p99Ms), ms(l?.p999Ms), ms(l?.maxMs),
                "\(p.peakVisible)", p.drainSeconds.map { ReportNumber.fixed3($0) } ?? "",
                "\(p.throttled)", "\(p.deadLettered)", ReportNumber.fixed3(p.consumerSeconds),
                knees.contains(p.folder) ? "knee" : "",
            ])
        }
        return table.text
    }
}
