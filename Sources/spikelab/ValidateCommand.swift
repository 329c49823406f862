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
        print("\(scenario.path): valid. \(s.name): \(s.topology.rawValue) topology, \(s.workloads.count) workload(s): \(workloads); traffic \(s.trafficDuration), about \(ReportNumber.grouped(Int(s.expectedArrivals.rounded()))) arrivals.")
    }
}
