import SpikeLab
import SpikeLabCore

extension FuzzTarget {
    /// A small valid scenario that `overrides` applies its `--set` to.
    static let baseScenario = """
        name: fuzz
        workloads:
          - { name: orders, type: orders, rate: { constant: { rate: 10, duration: 5s } } }
          - { name: bookings, type: bookings, rate: { constant: { rate: 5, duration: 5s } } }
        gateway:
          maxPayload: 2KB
          routes:
            bookings: { rate: 5, burst: 5, apiKeyRequired: true }
          apiKeys:
            - { key: good }
        thresholds:
          - p99(end_to_end) < 2s
        """

    /// A scenario loads, or every problem names the file and a field or a line.
    static func checkScenario(_ bytes: [UInt8]) -> String? {
        loads(text(bytes), overrides: [])
    }

    /// The first line of the input is one `--set` applied to `baseScenario`.
    static func checkOverrides(_ bytes: [UInt8]) -> String? {
        let line = text(Array(bytes.prefix { $0 != 10 }))
        return loads(baseScenario, overrides: [line])
    }

    static func loads(_ text: String, overrides: [String]) -> String? {
        do {
            let scenario = try ScenarioLoader.parse(text: text, file: "fuzz.yaml", overrides: overrides)
            guard scenario.expectedArrivals.isFinite, scenario.expectedArrivals >= 0 else {
                return "a valid scenario expects \(scenario.expectedArrivals) arrivals"
            }
            for t in scenario.thresholds where !(t.value.isFinite && t.value >= 0) {
                return "a valid threshold holds a limit of \(t.value)"
            }
            return nil
        } catch {
            if error.issues.isEmpty { return "a refusal lists no problem" }
            for issue in error.issues where !issue.description.hasPrefix("fuzz.yaml") && !issue.description.hasPrefix("--set") {
                return "a problem does not name the file or the --set: \(issue.description)"
            }
            return nil
        }
    }

    /// Durations parse within ±100,000 days (a negative one is for fields that
    /// allow it); sizes and shares are finite and not negative, and so is a
    /// threshold's limit.
    static func checkUnits(_ bytes: [UInt8]) -> String? {
        let t = text(bytes)
        if case let .success(span) = Units.duration(t), Double(span.nanoseconds.magnitude) > Units.maxDurationNanoseconds {
            return "duration '\(t)' is \(span)"
        }
        if case let .success(size) = Units.bytes(t), size < 0 { return "size '\(t)' is \(size)" }
        if case let .success(share) = Units.share(t), !(share.isFinite && share >= 0) { return "share '\(t)' is \(share)" }
        if case let .success(threshold) = Threshold.parse(t) {
            guard threshold.value.isFinite, threshold.value >= 0 else { return "threshold '\(t)' holds \(threshold.value)" }
            if let window = threshold.window, window.nanoseconds <= 0 { return "threshold '\(t)' has window \(window)" }
        }
        return nil
    }
}
