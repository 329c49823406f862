extension Summary {
    /// What a reader should look at although no check failed: a run in which
    /// nothing got through. Nil when something did.
    ///
    /// - Nothing accepted: every request sent was throttled or rejected.
    /// - Nothing stored: requests were accepted, the pipeline drained, and not
    ///   one was stored (each dead-lettered, expired or failed). Not judged
    ///   from a client's vantage (`run --target`), which sees no store.
    public var nothingGotThrough: String? {
        let c = counts
        let g = ReportNumber.grouped
        if c.sent > 0 && c.accepted == 0 {
            return "No request was accepted: of \(g(c.sent)) sent, \(g(c.throttledTotal)) were throttled and \(g(c.rejectedTotal)) rejected."
        }
        guard conservation.ledger.vantage != .client, drained, c.accepted > 0, c.stored == 0, c.duplicatesSuppressed == 0 else { return nil }
        switch scenario.topology {
        case .queue:
            return "Nothing was stored: of \(g(c.accepted)) accepted, \(g(c.deadLettered)) were dead-lettered and \(g(c.expired)) expired."
        case .sync:
            return "Nothing was stored: all \(g(c.accepted)) accepted requests failed."
        }
    }
}
