import Foundation
@testable import SpikeLab
import SpikeLabCore
import Testing

/// The hypervisor's steal, as `/proc/stat` reports it, and where runs show it.
struct HostStealTests {
    @Test("The steal ticks are the eighth number of the cpu line; a line without them reads nil")
    func parsesProcStat() {
        let stat = """
            cpu  4705 356 584 3699176 23 0 58 1234 0 0
            cpu0 1393 280 260 1849550 18 0 41 600 0 0
            cpu1 3312 76 324 1849626 5 0 17 634 0 0
            intr 1462898 26 9
            """
        #expect(HostSteal.stealTicks(procStat: stat) == 1234)
        // Kernels before 2.6.11 list seven numbers: no steal column.
        #expect(HostSteal.stealTicks(procStat: "cpu  4705 356 584 3699176 23 0 58\n") == nil)
        // Per-CPU lines alone are not the total.
        #expect(HostSteal.stealTicks(procStat: "cpu0 1 2 3 4 5 6 7 8\n") == nil)
        #expect(HostSteal.stealTicks(procStat: "cpu  1 2 3 4 5 6 7 x 9\n") == nil)
    }

    #if os(Linux)
    @Test("On Linux this machine's /proc/stat has the steal column, and the meter reads it")
    func readsOnLinux() {
        var meter = HostSteal()
        let first = meter.sinceLast()
        #expect(first != nil && first! >= 0)
        #expect((HostSteal.totalMilliseconds() ?? -1) >= 0)
    }
    #endif

    /// A small run: 50 orders a second for 3 s.
    static func quietRun() throws -> RunResult {
        let scenario = try Fixtures.scenario("""
            name: quiet
            workloads:
              - type: orders
                rate: { constant: { rate: 50, duration: 3s } }
            """)
        return VirtualEngine(scenario: scenario).run()
    }

    @Test("The virtual clock leaves host_steal_ms empty: its rows stay the same from run to run")
    func virtualRowsHaveNone() throws {
        let r = try Self.quietRun()
        #expect(!r.rows.isEmpty && r.rows.allSatisfy { $0.hostStealMs == nil })
        let csv = TimeseriesCSV.render(r.rows, partitions: 0).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(csv.first?.firstIndex(of: "host_steal_ms"))
        #expect(csv.dropFirst().allSatisfy { $0[column].isEmpty })
    }

    @Test("A wall-clock row's steal goes into the CSV in whole milliseconds")
    func wallRowsInCSV() throws {
        var row = IntervalRow(start: 0, end: 1)
        row.hostStealMs = 29.6
        let csv = TimeseriesCSV.render([row], partitions: 0).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(csv.first?.firstIndex(of: "host_steal_ms"))
        #expect(csv[1][column] == "30")
    }

    @Test("The terminal summary names the host's steal when there was some, and not otherwise")
    func terminalLine() throws {
        let summary = Summary(try Self.quietRun())
        var metadata = RunMetadata(spikelabVersion: spikelabVersion, scenario: "quiet", scenarioHash: "", seed: 1, engine: "virtual",
                                   host: "test", startedAt: "", wallSeconds: 1, eventsPerSecond: 0, requestsPerSecond: 0, speedup: 0,
                                   allocator: .system, peakResidentBytes: nil, hostStealSeconds: 0.27, commandLine: [])
        #expect(TerminalSummary.render(summary, metadata: metadata, folder: nil).contains("the hypervisor took 0.27 s of CPU during the run: the wall time includes"))
        metadata.hostStealSeconds = 0
        #expect(!TerminalSummary.render(summary, metadata: metadata, folder: nil).contains("hypervisor"))
        metadata.hostStealSeconds = nil
        #expect(!TerminalSummary.render(summary, metadata: metadata, folder: nil).contains("hypervisor"))
    }
}
