import Foundation
import SpikeLabCore
import Yams

/// Builds a `Scenario` from YAML: parses, applies `--set` overrides, reads every
/// field with its defaults, and validates. All issues are reported together,
/// each naming the file, the line and the field; a scenario with any issue is
/// refused whole.
public enum ScenarioLoader {
    static let topLevelKeys = ["name", "description", "seed", "topology", "clock", "interval", "drain", "workloads",
                               "gateway", "queue", "consumers", "sync", "store", "stream", "thresholds", "sweep"]

    /// Loads a scenario file.
    public static func load(path: String, overrides: [String] = []) throws(ScenarioErrors) -> Scenario {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ScenarioErrors(issues: [ScenarioIssue(file: path, location: .unknown, field: "", message: "is a folder, not a scenario file")])
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioErrors(issues: [ScenarioIssue(file: path, location: .unknown, field: "", message: "cannot read the file (\(Self.reason(error)))")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioErrors(issues: [ScenarioIssue(file: path, location: .unknown, field: "", message: "is not UTF-8 text; a scenario is a YAML file")])
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text: text, file: path, baseDirectory: base, overrides: overrides)
    }

    /// Parses scenario text; `file` is the name used in messages, and relative
    /// trace files are read from `baseDirectory`.
    public static func parse(text: String, file: String, baseDirectory: String? = nil, overrides: [String] = []) throws(ScenarioErrors) -> Scenario {
        var root = try document(text: text, file: file)
        try ScenarioOverrides.apply(overrides, to: &root, file: file)
        let reader = ScenarioReader(file: file)
        let context = Context(reader: reader, baseDirectory: baseDirectory)
        let scenario = context.scenario(root)
        if !reader.issues.isEmpty || scenario == nil {
            // In file order, as a reader goes through them.
            let sorted = reader.issues.enumerated().sorted { a, b in
                let (la, lb) = (a.element.location.line ?? .max, b.element.location.line ?? .max)
                if la != lb { return la < lb }
                let (ca, cb) = (a.element.location.column ?? 0, b.element.location.column ?? 0)
                return ca != cb ? ca < cb : a.offset < b.offset
            }.map(\.element)
            throw ScenarioErrors(issues: sorted)
        }
        var result = scenario!
        result.warnings = reader.warnings
        result.sourceText = overrides.isEmpty ? text : ScenarioEmitter.emit(root)
        return result
    }

    /// Why `text` is not a YAML document a run folder holds (a syntax error, or
    /// nothing at all), or nil.
    static func yamlProblem(_ text: String) -> String? {
        do {
            _ = try document(text: text, file: "scenario.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    /// Parses YAML into a node tree; a syntax error names its line and column.
    static func document(text: String, file: String) throws(ScenarioErrors) -> ScenarioNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioErrors(issues: [syntaxIssue(error, file: file, text: text)])
        } catch {
            throw ScenarioErrors(issues: [ScenarioIssue(file: file, location: .unknown, field: "", message: "not valid YAML: \(error)")])
        }
        guard let node else {
            throw ScenarioErrors(issues: [ScenarioIssue(file: file, location: .unknown, field: "", message: "the file is empty")])
        }
        if let message = tooLarge(node) { throw ScenarioErrors(issues: [ScenarioIssue(file: file, location: .unknown, field: "", message: message)]) }
        return ScenarioNode(node)
    }

    /// Why a YAML tree is too large to read, if it is: past
    /// `ScenarioLimits.maxDocumentValues` with its aliases expanded.
    static func tooLarge(_ node: Node) -> String? {
        let limit = ScenarioLimits.maxDocumentValues
        guard ScenarioNode.valueCount(of: node, atMost: limit) > limit else { return nil }
        return "holds over \(ReportNumber.grouped(limit)) values once its YAML aliases are expanded; "
            + "a scenario needs far fewer (a long trace belongs in a trace file)"
    }

    static func syntaxIssue(_ error: YamlError, file: String, text: String) -> ScenarioIssue {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            // The scanner's words for a tab in the indentation do not say "tab".
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(max(0, mark.line - 1)).first ?? ""
            if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") { what += " (this line is indented with a tab: YAML indents with spaces)" }
            return ScenarioIssue(file: file, location: .init(line: mark.line, column: mark.column, override: nil), field: "", message: "not valid YAML: \(what)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ScenarioIssue(file: file, location: .init(line: context.mark.line, column: context.mark.column, override: nil), field: duplicates.joined(separator: ", "), message: "given twice")
        default:
            return ScenarioIssue(file: file, location: .unknown, field: "", message: "not valid YAML: \(error)")
        }
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain && (ns.code == NSFileReadNoSuchFileError || ns.code == NSFileNoSuchFileError) {
            return "no such file"
        }
        return ns.localizedDescription
    }

    /// The reading of one document.
    struct Context {
        let reader: ScenarioReader
        let baseDirectory: String?

        func scenario(_ root: ScenarioNode) -> Scenario? {
            guard let top = reader.mapping(root, "", allowed: ScenarioLoader.topLevelKeys, extensions: true) else { return nil }
            var name = "scenario"
            if let n = top.require("name"), let s = reader.string(n, "name") { name = s }
            var workloads: [WorkloadSpec] = []
            if let w = top.require("workloads") { workloads = self.workloads(w) }
            var scenario = Scenario(name: name, workloads: workloads)
            top.read("description", { reader.scalar($0, $1, "text") }) { scenario.description = $0 }
            top.read("seed", { reader.int($0, $1, 0...Int.max) }) { scenario.seed = UInt64($0) }
            top.read("topology", { reader.choice($0, $1, Topology.self) }) { scenario.topology = $0 }
            top.read("clock", { reader.choice($0, $1, ClockKind.self) }) { scenario.clock = $0 }
            top.read("interval", { reader.positiveDuration($0, $1, max: .seconds(3600)) }) { scenario.interval = $0 }
            top.read("drain", { reader.duration($0, $1, max: .seconds(7 * 86_400)) }) { scenario.drainTimeout = $0 }
            let declared = top["workloads"].flatMap(declaredWorkloadNames)
            top.read("gateway", { n, p in gateway(n, p, workloads: workloads, declared: declared) }) { scenario.gateway = $0 }
            top.read("queue", { queue($0, $1) }) { scenario.queue = $0 }
            top.read("consumers", { consumers($0, $1) }) { scenario.consumers = $0 }
            top.read("sync", { n, p in
                reader.mapping(n, p, allowed: ["concurrency"]).flatMap { f in f["concurrency"].flatMap { reader.int($0, f.path("concurrency"), 1...100_000) } }
            }) { scenario.syncConcurrency = $0 }
            top.read("store", { store($0, $1) }) { scenario.store = $0 }
            top.read("stream", { stream($0, $1) }) { scenario.notifier = $0 }
            top.read("thresholds", { n, p in
                reader.list(n, p)?.enumerated().compactMap { threshold($1, "\(p)[\($0)]", interval: scenario.interval) }
            }) { scenario.thresholds = $0 }
            if let s = top["sweep"], let f = reader.mapping(s, "sweep", allowed: ["vary", "kneeFraction"]) {
                f.read("kneeFraction", { reader.share($0, $1) }) { scenario.kneeFraction = $0 }
                if let v = f.require("vary"), case let .mapping(entries, _) = v {
                    for e in entries {
                        let p = "sweep.vary.\(e.key)"
                        guard let items = reader.list(e.value, p) else { continue }
                        let values = items.enumerated().compactMap { reader.scalar($1, "\(p)[\($0)]", "a value") }
                        if values.isEmpty { reader.fail(e.value, p, "needs at least one value") } else { scenario.sweep.append(SweepAxis(path: e.key, values: values)) }
                    }
                } else if let v = f["vary"] {
                    reader.fail(v, "sweep.vary", "must map setting paths to lists of values, like consumers.concurrency: [5, 10, 20]")
                }
            }
            crossChecks(scenario, top)
            return scenario
        }

        /// A threshold: an expression, or `{ expr: "...", window: 10s }`, whose
        /// window is a whole number of the run's intervals.
        func threshold(_ node: ScenarioNode, _ path: String, interval: TimeSpan) -> Threshold? {
            var text: String
            var window: String? = nil
            if case .mapping = node {
                guard let f = reader.mapping(node, path, allowed: ["expr", "window"]) else { return nil }
                let e = f.required("expr", reader.string)
                if let w = f["window"] { window = reader.scalar(w, f.path("window"), "a duration") }
                guard let e else { return nil }
                text = e
            } else {
                guard let s = reader.string(node, path) else { return nil }
                text = s
            }
            if let window { text += " window \(window)" }
            switch Threshold.parse(text, interval: interval) {
            case let .success(t): return t
            case let .failure(e): reader.fail(node, path, e.description); return nil
            }
        }

        /// Rules that tie fields of different sections together.
        func crossChecks(_ s: Scenario, _ top: ScenarioReader.Fields) {
            if s.topology == .queue && s.consumers.timeout > s.queue.visibilityTimeout {
                reader.fail(top["consumers"] ?? top.node, "consumers.timeout",
                            "\(s.consumers.timeout) is longer than queue.visibilityTimeout \(s.queue.visibilityTimeout): messages would be delivered twice while still being handled")
            }
            let window = s.consumers.batchingWindow
            if s.topology == .queue && window > .zero && window + s.consumers.timeout > s.queue.visibilityTimeout {
                // AWS accepts it; the messages of a gathering batch are in flight all the while.
                reader.warn(top["consumers"]?["batchingWindow"] ?? top["consumers"] ?? top.node, "consumers.batchingWindow",
                            "\(window) plus consumers.timeout \(s.consumers.timeout) is longer than queue.visibilityTimeout "
                                + "\(s.queue.visibilityTimeout): a message received as a batch starts gathering can become visible again "
                                + "before its invocation ends, and be delivered twice or dead-lettered")
            }
            if s.trafficDuration <= .zero && !s.workloads.isEmpty {
                reader.fail(top["workloads"], "workloads", "the traffic has no duration: give each rate shape a duration")
            }
            // Each workload's rate is within its own limits here (`ScenarioLimits.problem`).
            let arrivals = s.expectedArrivals
            if arrivals > ScenarioLimits.maxArrivals {
                reader.fail(top["workloads"], "workloads",
                            "the traffic makes about \(ReportNumber.grouped(Int(arrivals.rounded()))) arrivals, over the limit of "
                                + "\(ReportNumber.grouped(Int(ScenarioLimits.maxArrivals))) a run (the store keeps about 76 bytes an item)")
            }
            if s.notifier.enabled && arrivals <= ScenarioLimits.maxArrivals {
                for (i, subscriber) in s.notifier.subscribers.enumerated() {
                    guard let rate = subscriber.ratePerSecond, arrivals / rate > ScenarioLimits.maxSubscriberBacklog.seconds else { continue }
                    let field = "stream.subscribers[\(i)].rate"
                    let days = Int((arrivals / rate / 86_400).rounded())
                    reader.fail(top["stream"]?["subscribers"]?[i]?["rate"] ?? top.node, field,
                                "at \(ReportNumber.rounded(rate, 3)) a second this subscriber would take about \(ReportNumber.grouped(days)) days "
                                    + "to deliver the run's \(ReportNumber.grouped(Int(arrivals.rounded()))) records, over the limit of \(Int(ScenarioLimits.maxSubscriberBacklog.seconds / 86_400)) days: give it a higher rate")
                }
            }
            let span = (s.trafficDuration + s.drainTimeout).nanoseconds
            let intervals = Double((span + s.interval.nanoseconds - 1) / s.interval.nanoseconds)
            if intervals > ScenarioLimits.maxIntervals {
                reader.fail(top["interval"] ?? top.node, "interval",
                            "\(s.interval) makes \(ReportNumber.grouped(Int(intervals))) intervals over the traffic (\(s.trafficDuration)) and the "
                                + "drain (\(s.drainTimeout)), over the limit of \(ReportNumber.grouped(Int(ScenarioLimits.maxIntervals))): use a longer interval")
            }
        }
    }
}

/// Which engine drives a run.
public enum ClockKind: String, Sendable, CaseIterable, Codable {
    case virtual
    case wall
}
