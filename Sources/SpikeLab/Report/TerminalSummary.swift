/// The short summary `run` prints: counts, the conservation check, and a table of
/// p50/p90/p99/p99.9/max per stage.
public enum TerminalSummary {
    public static func render(_ s: Summary, metadata: RunMetadata?, folder: String?) -> String {
        let c = s.counts
        let g = ReportNumber.grouped
        var out: [String] = []
        var head = "\(s.scenario.name)  seed \(s.seed)  \(s.engine) clock  \(s.scenario.topology.rawValue) topology  traffic \(ReportNumber.latency(UInt64(s.trafficSeconds * 1e6)))  run \(ReportNumber.latency(UInt64(s.simulatedSeconds * 1e6)))"
        if let m = metadata {
            head += "  wall \(ReportNumber.rounded(m.wallSeconds, 2))s"
            if m.eventsPerSecond > 0 { head += " (\(g(Int(m.eventsPerSecond))) events/s)" }
        }
        out.append(head)
        if let stolen = metadata?.hostStealSeconds, stolen >= 0.01 {
            let effect = s.engine == "virtual"
                ? ": the wall time includes the host's stalls"
                : " (host_steal_ms in timeseries.csv, per interval): stalls then may be the host's, not the pipeline's"
            out.append("host        the hypervisor took \(ReportNumber.rounded(stolen, 2)) s of CPU during the run\(effect)")
        }
        if s.interrupted { out.append("INTERRUPTED: the run was stopped before its end") }
        if !s.drained { out.append("NOT DRAINED: messages were still in the pipeline when the drain timed out") }
        out.append("")
        var throttledBy = s.counts.throttled.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(g($0.value))" }.joined(separator: ", ")
        if !throttledBy.isEmpty { throttledBy = " (\(throttledBy))" }
        var rejectedBy = s.counts.rejected.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \(g($0.value))" }.joined(separator: ", ")
        if !rejectedBy.isEmpty { rejectedBy = " (\(rejectedBy))" }
        if let gen = s.generator {
            func f(_ ms: Double) -> String { ReportNumber.latency(UInt64((ms * 1000).rounded())) }
            out.append("generator   send lag p50 \(f(gen.sendLag.p50Ms))  p99 \(f(gen.sendLag.p99Ms))  max \(f(gen.sendLag.maxMs))  late \(g(c.late))  dropped \(g(c.dropped))  achieved \(g(Int(gen.achievedRate.rounded())))/s of \(g(Int(gen.offeredRate.rounded())))/s")
        }
        if let h = s.http {
            let statuses = h.statuses.sorted { $0.key < $1.key }.map { "\($0.key): \(g($0.value))" }.joined(separator: ", ")
            out.append("http        \(h.target)\(h.spikelabServer ? " (SpikeLab server)" : "")  answers \(statuses.isEmpty ? "none" : statuses)  timeouts \(g(h.timeouts))  connection errors \(g(h.transportErrors))  unanswered at the end \(g(h.unanswered ?? 0))")
        }
        out.append("requests    offered \(g(c.offered))  sent \(g(c.sent))  accepted \(g(c.accepted))  throttled \(g(c.throttledTotal))\(throttledBy)  rejected \(g(c.rejectedTotal))\(rejectedBy)")
        if c.clientRetries + c.duplicateSubmissions > 0 {
            out.append("clients     retries \(g(c.clientRetries))  gave up \(g(c.clientGaveUp))  duplicate submissions \(g(c.duplicateSubmissions))")
        }
        switch s.scenario.topology {
        case _ where s.http.map({ !$0.spikelabServer }) ?? false:
            break
        case .queue:
            out.append("pipeline    enqueued \(g(c.enqueued))  processed \(g(c.processed))  failed \(g(c.failed))  stored \(g(c.stored))  duplicates suppressed \(g(c.duplicatesSuppressed))  store throttled \(g(c.storeThrottled))")
            out.append("            dead-lettered \(g(c.deadLettered))  expired \(g(c.expired))  left in queue \(g(c.leftInQueue))  in flight \(g(c.inFlight))  cold starts \(g(c.coldStarts))  peak visible \(g(s.peaks.visible))")
        case .sync:
            out.append("pipeline    succeeded \(g(c.syncSucceeded))  failed \(g(c.syncFailed))  stored \(g(c.stored))  duplicates suppressed \(g(c.duplicatesSuppressed))  store throttled \(g(c.storeThrottled))  cold starts \(g(c.coldStarts))")
        }
        let hot = s.partitions.filter { $0.throttled > 0 }
        if !hot.isEmpty {
            out.append("partitions  throttled: " + hot.map { "p\($0.partition) \(g($0.throttled))" }.joined(separator: ", "))
        }
        for t in s.thresholds {
            out.append("\(t.passed ? "threshold ok  " : "THRESHOLD FAILED") \(t.expression): \(ThresholdText.observed(t))")
        }
        out.append(s.conservation.holds
                   ? "conservation holds: \(s.conservation.equation)"
                   : "CONSERVATION BROKEN: \(s.conservation.equation)")
        if let nothing = s.nothingGotThrough { out.append("ATTENTION: \(nothing)") }
        for warning in s.scenario.warnings ?? [] { out.append("ATTENTION: \(warning)") }
        out.append("")
        let header = ["stage", "count", "p50", "p90", "p99", "p99.9", "max"]
        var rows: [[String]] = [header]
        for stage in Stage.allCases {
            guard let l = s.latency[stage.rawValue]?["all"], l.count > 0 else { continue }
            func f(_ ms: Double) -> String { ReportNumber.latency(UInt64((ms * 1000).rounded())) }
            rows.append([stage.rawValue, g(Int(l.count)), f(l.p50Ms), f(l.p90Ms), f(l.p99Ms), f(l.p999Ms), f(l.maxMs)])
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        for row in rows {
            out.append(row.enumerated().map { i, cell in
                i == 0 ? cell.padding(widths[i]) : cell.leftPadding(widths[i])
            }.joined(separator: "  "))
        }
        if let folder {
            out.append("")
            out.append("report: \(folder)")
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
