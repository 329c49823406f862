import Foundation
import SpikeLabCore

extension ScenarioLoader.Context {
    static let workloadKeys = ["name", "type", "rate", "arrivals", "keys", "partitionKey", "apiKey", "invalid",
                               "duplicates", "duplicateDelay", "retry"]

    func workloads(_ node: ScenarioNode) -> [WorkloadSpec] {
        guard let items = reader.list(node, "workloads") else { return [] }
        if items.isEmpty { reader.fail(node, "workloads", "needs at least one workload") }
        var out: [WorkloadSpec] = []
        var names: Set<String> = []
        for (i, item) in items.enumerated() {
            let path = "workloads[\(i)]"
            guard let f = reader.mapping(item, path, allowed: Self.workloadKeys) else { continue }
            // A bad type or rate does not stop the reading: the workload's other
            // fields are checked too, so that every problem is reported at once.
            let kind = f.require("type").flatMap { reader.choice($0, f.path("type"), WorkloadKind.self) }
            var name = kind?.rawValue
            f.read("name", { reader.string($0, $1) }) { name = $0 }
            if let name, !names.insert(name).inserted { reader.fail(f["name"] ?? item, f.path("name"), "'\(name)' names two workloads") }
            let rate = f.require("rate").flatMap { node -> RateShape? in
                guard let rate = rateShape(node, f.path("rate")) else { return nil }
                if let problem = ScenarioLimits.problem(with: rate) { reader.fail(node, f.path("rate"), problem); return nil }
                return rate
            }
            var spec = WorkloadSpec(name: name ?? "", kind: kind ?? .orders, rate: rate ?? .constant(rate: 0, duration: .zero))
            f.read("arrivals", { reader.choice($0, $1, ArrivalProcess.self) }) { spec.arrivals = $0 }
            f.read("keys", { keys($0, $1) }) { spec.keys = $0 }
            f.read("partitionKey", { n, p -> String? in
                guard let s = reader.string(n, p), let kind else { return nil }
                let allowed = kind.keyableFields + [WorkloadSpec.recordTypeKey]
                guard allowed.contains(s) else {
                    reader.fail(n, p, "'\(s)' is not a key of \(kind.rawValue); use one of \(allowed.joined(separator: ", "))")
                    return nil
                }
                return s
            }) { spec.partitionKey = $0 }
            f.read("apiKey", { reader.string($0, $1) }) { spec.apiKey = $0 }
            f.read("invalid", { reader.share($0, $1) }) { spec.invalidShare = $0 }
            f.read("duplicates", { reader.share($0, $1) }) { spec.duplicateShare = $0 }
            f.read("duplicateDelay", { distribution($0, $1) }) { spec.duplicateDelay = $0 }
            f.read("retry", { clientRetry($0, $1) }) { spec.retry = $0 }
            guard kind != nil, rate != nil else { continue }
            out.append(spec)
        }
        return out
    }

    /// The name each workload in the file goes by (its `name`, or else its
    /// `type`), whether or not the rest of it reads; nil when one cannot be told
    /// (the list or an entry is malformed). Nothing is reported here.
    func declaredWorkloadNames(_ node: ScenarioNode) -> [String]? {
        guard case let .sequence(items, _) = node else { return nil }
        var names: [String] = []
        for item in items {
            guard case let .scalar(name, _)? = item["name"] ?? item["type"] else { return nil }
            names.append(name)
        }
        return names
    }

    func clientRetry(_ node: ScenarioNode, _ path: String) -> ClientRetry? {
        guard let f = reader.mapping(node, path, allowed: ["enabled", "attempts", "base", "cap"]) else { return nil }
        var r = ClientRetry()
        r.enabled = true
        f.read("enabled", { reader.bool($0, $1) }) { r.enabled = $0 }
        f.read("attempts", { reader.int($0, $1, 1...100) }) { r.maxAttempts = $0; r.backoff.maxAttempts = $0 }
        f.read("base", { reader.positiveDuration($0, $1, max: .seconds(3600)) }) { r.backoff.base = $0 }
        f.read("cap", { reader.positiveDuration($0, $1, max: .seconds(3600)) }) { r.backoff.cap = $0 }
        return r
    }

    func keys(_ node: ScenarioNode, _ path: String) -> KeyDistribution? {
        guard let f = reader.mapping(node, path, allowed: ["distribution", "count", "exponent", "hotKeys", "hotShare"]) else { return nil }
        let name = f.required("distribution", reader.string)
        var count = 100_000
        f.read("count", { reader.int($0, $1, 1...50_000_000) }) { count = $0 }
        guard let name else { return nil }
        switch name {
        case "uniform":
            return KeyDistribution(.uniform(count: count))
        case "zipf":
            guard let e = f.require("exponent"), let exponent = reader.double(e, f.path("exponent"), min: 0, max: 10) else { return nil }
            guard count <= 10_000_000 else { reader.fail(f["count"], f.path("count"), "Zipf keys are limited to 10,000,000"); return nil }
            return KeyDistribution(.zipf(count: count, exponent: exponent))
        case "hotspot":
            let hot = f.required("hotKeys") { reader.int($0, $1, 1...count) }
            let share = f.required("hotShare", reader.share)
            guard let hot, let share else { return nil }
            return KeyDistribution(.hotspot(count: count, hotKeys: hot, hotShare: share))
        case "constant":
            return KeyDistribution(.constant)
        default:
            reader.fail(f["distribution"], f.path("distribution"), "'\(name)' is not one of uniform, zipf, hotspot, constant")
            return nil
        }
    }

    // MARK: Rate shapes

    static let shapeNames = ["constant", "ramp", "steps", "spike", "sine", "diurnal", "bursts", "trace", "sum", "sequence"]

    /// A rate shape: a mapping with exactly one key naming the shape.
    func rateShape(_ node: ScenarioNode, _ path: String) -> RateShape? {
        guard case let .mapping(entries, _) = node, entries.count == 1, let entry = entries.first else {
            reader.fail(node, path, "must name one shape: \(Self.shapeNames.joined(separator: ", "))")
            return nil
        }
        let p = "\(path).\(entry.key)"
        let v = entry.value
        func positiveDuration(_ n: ScenarioNode, _ p: String) -> TimeSpan? { reader.positiveDuration(n, p) }
        switch entry.key {
        case "constant":
            guard let f = reader.mapping(v, p, allowed: ["rate", "duration"]) else { return nil }
            let rate = f.required("rate", reader.rate)
            let d = f.required("duration", positiveDuration)
            guard let rate, let d else { return nil }
            return .constant(rate: rate, duration: d)
        case "ramp":
            guard let f = reader.mapping(v, p, allowed: ["from", "to", "duration"]) else { return nil }
            let from = f.required("from", reader.rate)
            let to = f.required("to", reader.rate)
            let d = f.required("duration", positiveDuration)
            guard let from, let to, let d else { return nil }
            return .ramp(from: from, to: to, duration: d)
        case "steps":
            guard let items = reader.list(v, p) else { return nil }
            var steps: [RateShape.Step] = []
            for (i, item) in items.enumerated() {
                guard let f = reader.mapping(item, "\(p)[\(i)]", allowed: ["rate", "duration"]) else { continue }
                let rate = f.required("rate", reader.rate)
                let d = f.required("duration", positiveDuration)
                guard let rate, let d else { continue }
                steps.append(.init(rate: rate, duration: d))
            }
            guard steps.count == items.count, !steps.isEmpty else {
                if items.isEmpty { reader.fail(v, p, "needs at least one step") }
                return nil
            }
            return .steps(steps)
        case "spike":
            guard let f = reader.mapping(v, p, allowed: ["baseline", "start", "rise", "peak", "hold", "decay", "duration"]) else { return nil }
            var s = RateShape.Spike(baseline: 0, start: .zero, rise: .zero, peak: 0, hold: .zero, decay: .zero, duration: .zero)
            var ok = true
            func num(_ k: String, _ apply: (Double) -> Void) { if let n = f.require(k), let x = reader.rate(n, f.path(k)) { apply(x) } else { ok = false } }
            func dur(_ k: String, required: Bool, _ apply: (TimeSpan) -> Void) {
                guard let n = required ? f.require(k) : f[k] else { if required { ok = false }; return }
                if let x = reader.duration(n, f.path(k)) { apply(x) } else { ok = false }
            }
            num("baseline") { s.baseline = $0 }
            num("peak") { s.peak = $0 }
            dur("start", required: true) { s.start = $0 }
            dur("rise", required: false) { s.rise = $0 }
            dur("hold", required: true) { s.hold = $0 }
            dur("decay", required: false) { s.decay = $0 }
            dur("duration", required: false) { s.duration = $0 }
            guard ok else { return nil }
            let phases = s.start + s.rise + s.hold + s.decay
            if f["duration"] == nil { s.duration = phases }
            if s.duration < phases {
                reader.fail(f["duration"], f.path("duration"), "\(s.duration) is shorter than start + rise + hold + decay (\(phases))")
                return nil
            }
            return .spike(s)
        case "sine", "diurnal":
            let allowed = entry.key == "sine" ? ["mean", "amplitude", "period", "phase", "duration"] : ["mean", "amplitude", "period", "peakAt", "duration"]
            guard let f = reader.mapping(v, p, allowed: allowed) else { return nil }
            let mean = f.required("mean", reader.rate)
            let amplitude = f.required("amplitude", reader.rate)
            let d = f.required("duration", positiveDuration)
            let period: TimeSpan?
            var phase = TimeSpan.zero
            if entry.key == "sine" {
                period = f.required("period", positiveDuration)
                f.read("phase", { reader.duration($0, $1) }) { phase = $0 }
            } else {
                var day = TimeSpan.seconds(86_400)
                f.read("period", positiveDuration) { day = $0 }
                var peakAt = TimeSpan.seconds(day.seconds / 4)
                f.read("peakAt", { reader.duration($0, $1) }) { peakAt = $0 }
                // sin peaks at a quarter period: shift so that it peaks at peakAt.
                phase = TimeSpan(nanoseconds: day.nanoseconds / 4 - peakAt.nanoseconds)
                period = day
            }
            guard let mean, let amplitude, let d, let period else { return nil }
            if amplitude > mean {
                reader.fail(f["amplitude"], f.path("amplitude"), "\(amplitude) is more than the mean \(mean): the rate would go below zero")
                return nil
            }
            return .sine(mean: mean, amplitude: amplitude, period: period, phase: phase, duration: d)
        case "bursts":
            guard let f = reader.mapping(v, p, allowed: ["baseline", "rate", "length", "every", "duration"]) else { return nil }
            let rate = f.required("rate", reader.rate)
            let length = f.required("length", positiveDuration)
            let every = f.required("every", positiveDuration)
            let d = f.required("duration", positiveDuration)
            var baseline = 0.0
            f.read("baseline", reader.rate) { baseline = $0 }
            guard let rate, let length, let every, let d else { return nil }
            if length > every { reader.fail(f["length"], f.path("length"), "\(length) is longer than every (\(every))"); return nil }
            return .bursts(baseline: baseline, rate: rate, length: length, period: every, duration: d)
        case "trace":
            return trace(v, p)
        case "sum", "sequence":
            guard let items = reader.list(v, p) else { return nil }
            let shapes = items.enumerated().compactMap { rateShape($1, "\(p)[\($0)]") }
            guard shapes.count == items.count, !shapes.isEmpty else {
                if items.isEmpty { reader.fail(v, p, "needs at least one shape") }
                return nil
            }
            return entry.key == "sum" ? .sum(shapes) : .sequence(shapes)
        default:
            let hint = ScenarioReader.closest(to: entry.key, in: Self.shapeNames).map { " (did you mean '\($0)'?)" } ?? ""
            reader.fail(at: entry.keyLocation, p, "unknown rate shape\(hint); use one of \(Self.shapeNames.joined(separator: ", "))")
            return nil
        }
    }

    /// A recorded rate trace: inline `points: [[t, rate], ...]` or a CSV `file`
    /// of `time_s,rate_rps` rows (a header row is allowed), relative to the scenario.
    func trace(_ node: ScenarioNode, _ path: String) -> RateShape? {
        guard let f = reader.mapping(node, path, allowed: ["file", "points"]) else { return nil }
        var points: [RateShape.TracePoint] = []
        if let fileNode = f["file"] {
            guard let name = reader.string(fileNode, f.path("file")) else { return nil }
            let full = name.hasPrefix("/") || baseDirectory == nil ? name : "\(baseDirectory!)/\(name)"
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                reader.fail(fileNode, f.path("file"), "cannot read the trace file '\(full)'")
                return nil
            }
            // RFC 4180, as SpikeLab writes CSV: CRLF or LF line ends, quoted cells.
            let table = CSVReader.parse(text)
            for (i, cells) in ([table.header] + table.rows).enumerated() {
                let cells = cells.map { $0.trimmingCharacters(in: .whitespaces) }
                let line = cells.joined(separator: ",")
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard cells.count == 2, let t = Double(cells[0]), let r = Double(cells[1]) else {
                    if i == 0 && cells.first.map({ Double($0) == nil }) == true { continue }
                    reader.fail(inFile: full, line: i + 1, f.path("file"), "'\(line)' is not a row of time_s,rate_rps")
                    return nil
                }
                guard t.isFinite, t >= 0, t <= ScenarioLimits.maxTraffic.seconds else {
                    reader.fail(inFile: full, line: i + 1, f.path("file"),
                                "time_s '\(cells[0])' must be a number of seconds from 0 to \(Int(ScenarioLimits.maxTraffic.seconds))")
                    return nil
                }
                guard r.isFinite, r >= 0, r <= ScenarioLimits.maxRate else {
                    reader.fail(inFile: full, line: i + 1, f.path("file"),
                                "rate_rps '\(cells[1])' must be a number from 0 to \(ReportNumber.grouped(Int(ScenarioLimits.maxRate)))")
                    return nil
                }
                points.append(.init(time: .seconds(t), rate: r))
            }
        } else if let list = f["points"].flatMap({ reader.list($0, f.path("points")) }) {
            for (i, item) in list.enumerated() {
                let p = "\(f.path("points"))[\(i)]"
                guard let pair = reader.list(item, p) else { return nil }
                guard pair.count == 2 else { reader.fail(item, p, "must be a pair [time, rate]"); return nil }
                guard let t = reader.duration(pair[0], "\(p)[0]"), let r = reader.rate(pair[1], "\(p)[1]") else { return nil }
                points.append(.init(time: t, rate: r))
            }
        } else {
            reader.fail(node, path, "needs a file or points")
            return nil
        }
        guard points.count >= 2 else { reader.fail(node, path, "needs at least two points"); return nil }
        for (a, b) in zip(points, points.dropFirst()) where b.time < a.time {
            reader.fail(node, path, "times must not go backwards (\(b.time.seconds)s after \(a.time.seconds)s)")
            return nil
        }
        return .trace(points)
    }
}
