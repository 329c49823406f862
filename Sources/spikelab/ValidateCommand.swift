import ArgumentParser
import SpikeLab
import SpikeLabCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario without running it: every problem, with file, line and field."
    )

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        let s = try scenario.load()
        let workloads = s.workloads.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
        print("\(scenario.path): valid. \(s.name): \(s.topology.rawValue) topology, \(s.workloads.count) workload(s): \(workloads); traffic \(s.trafficDuration), about \(ReportNumber.grouped(s.expectedArrivals)) arrivals.")
    }
}

extension Scenario {
    /// The expected number of arrivals over every workload.
    var expectedArrivals: Int {
        Int(workloads.reduce(0) { $0 + $1.rate.compile().totalArrivals }.rounded())
    }
}
