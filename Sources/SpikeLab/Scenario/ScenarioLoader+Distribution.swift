import SpikeLabCore

extension ScenarioLoader.Context {
    static let distributionNames = ["fixed", "uniform", "normal", "lognormal", "exponential", "empirical"]

    /// A latency distribution: a bare duration (fixed), or a mapping with one key
    /// naming the shape: `fixed: 5ms`, `uniform: {min, max}`, `normal: {mean,
    /// stddev}`, `lognormal: {p50, p99}`, `exponential: {mean}`, or `empirical:
    /// {p50: 10ms, p90: 40ms, p99: 90ms, p100: 300ms}`.
    func distribution(_ node: ScenarioNode, _ path: String) -> LatencyDistribution? {
        if case .scalar = node {
            return reader.duration(node, path, max: LatencyDistribution.longest).map { .fixed($0) }
        }
        guard case let .mapping(entries, _) = node, entries.count == 1, let entry = entries.first else {
            reader.fail(node, path, "must be a duration or one of \(Self.distributionNames.joined(separator: ", "))")
            return nil
        }
        let p = "\(path).\(entry.key)"
        let v = entry.value
        func duration(_ n: ScenarioNode, _ p: String) -> TimeSpan? { reader.duration(n, p, max: LatencyDistribution.longest) }
        func positiveDuration(_ n: ScenarioNode, _ p: String) -> TimeSpan? { reader.positiveDuration(n, p, max: LatencyDistribution.longest) }
        switch entry.key {
        case "fixed":
            return reader.duration(v, p, max: LatencyDistribution.longest).map { .fixed($0) }
        case "uniform":
            guard let f = reader.mapping(v, p, allowed: ["min", "max"]) else { return nil }
            let lo = f.required("min", duration)
            let hi = f.required("max", duration)
            guard let lo, let hi else { return nil }
            guard hi >= lo else { reader.fail(f["max"], f.path("max"), "\(hi) is less than min \(lo)"); return nil }
            return LatencyDistribution(.uniform(min: lo, max: hi))
        case "normal":
            guard let f = reader.mapping(v, p, allowed: ["mean", "stddev"]) else { return nil }
            let mean = f.required("mean", duration)
            let sd = f.required("stddev", duration)
            guard let mean, let sd else { return nil }
            return LatencyDistribution(.normal(mean: mean, stddev: sd))
        case "lognormal":
            guard let f = reader.mapping(v, p, allowed: ["p50", "p99"]) else { return nil }
            let p50 = f.required("p50", positiveDuration)
            let p99 = f.required("p99", positiveDuration)
            guard let p50, let p99 else { return nil }
            guard p99 >= p50 else { reader.fail(f["p99"], f.path("p99"), "\(p99) is less than p50 \(p50)"); return nil }
            return LatencyDistribution(.lognormal(p50: p50, p99: p99))
        case "exponential":
            guard let f = reader.mapping(v, p, allowed: ["mean"]), let mean = f.required("mean", positiveDuration) else { return nil }
            return .exponential(mean: mean)
        case "empirical":
            guard case let .mapping(rows, _) = v, !rows.isEmpty else {
                reader.fail(v, p, "must map percentiles to durations, like {p50: 10ms, p99: 80ms, p100: 200ms}")
                return nil
            }
            var points: [LatencyDistribution.Point] = []
            for row in rows {
                let rp = "\(p).\(row.key)"
                guard row.key.hasPrefix("p"), let pct = Double(String(row.key.dropFirst().map { $0 == "_" ? "." : $0 })), pct >= 0, pct <= 100 else {
                    reader.fail(at: row.keyLocation, rp, "'\(row.key)' is not a percentile such as p50, p99, p99_9 or p100")
                    return nil
                }
                guard let value = reader.duration(row.value, rp, max: LatencyDistribution.longest) else { return nil }
                points.append(.init(percentile: pct, value: value))
            }
            for (a, b) in zip(points, points.dropFirst()) where b.percentile <= a.percentile || b.value < a.value {
                reader.fail(v, p, "percentiles must rise and their values must not fall (p\(a.percentile) \(a.value), then p\(b.percentile) \(b.value))")
                return nil
            }
            return LatencyDistribution(.empirical(points))
        default:
            let hint = ScenarioReader.closest(to: entry.key, in: Self.distributionNames).map { " (did you mean '\($0)'?)" } ?? ""
            reader.fail(at: entry.keyLocation, p, "unknown distribution\(hint); use one of \(Self.distributionNames.joined(separator: ", "))")
            return nil
        }
    }
}
