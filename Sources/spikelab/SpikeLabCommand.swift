import ArgumentParser
import SpikeLab

@main
struct SpikeLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spikelab",
        abstract: "Load-test queue-buffered, event-driven backends with bursty spikes.",
        discussion: """
            Exit statuses: 0 success; 1 a threshold or baseline check failed; 64 invalid input \
            (bad flags, a scenario that does not validate, an --out that is taken: nothing is run or written); \
            69 run --target: the target did not answer; 70 a broken invariant (conservation); \
            74 the report could not be written; 130 a wall-clock run or a sweep was interrupted (its report is written).
            """,
        version: spikelabVersion,
        subcommands: [RunCommand.self, SweepCommand.self, CheckCommand.self, BaselineCommand.self, ServeCommand.self, ValidateCommand.self, ListCommand.self, ReportCommand.self]
    )
}
