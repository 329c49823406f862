import Foundation
import Testing

@testable import SpikeLab

/// `run --target` against targets that fail: each run ends within traffic +
/// timeout + drain, writes a whole report in which every send is counted as a
/// status, a timeout or a transport error, and exits 0 (the run completed).
@Suite(.serialized)
struct TargetFaultTests {
    typealias CLI = CommandLineTests
    static let scenario = """
        name: faults
        clock: wall
        drain: 5s
        workloads:
          - { name: orders, type: orders, rate: { constant: { rate: 40, duration: 3s } } }
        """

    /// Runs the scenario against `fault`; returns the outcome, the summary and the seconds taken.
    static func run(_ fault: FaultyTarget.Fault, _ name: String) throws -> (CLI.Outcome, Summary, Double) {
        let dir = CLI.temporary("fault-\(name)")
        try scenario.write(toFile: "\(dir)/faults.yaml", atomically: false, encoding: .utf8)
        let target = try FaultyTarget(fault)
        defer { target.stop() }
        let started = Date()
        let r = try CLI.run(["run", "\(dir)/faults.yaml", "--target", target.base, "--timeout", "1s", "--connections", "4",
                             "--out", "\(dir)/run", "--quiet"])
        let seconds = Date().timeIntervalSince(started)
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/run/summary.json")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["faults.yaml", "run"])
        #expect(FileManager.default.fileExists(atPath: "\(dir)/run/report.html"))
        let c = summary.counts
        let h = try #require(summary.http)
        // An arrival that finds no free connection in time is dropped, and counted.
        #expect(c.sent + c.dropped == c.offered && c.offered >= 100 && c.sent > 0, "\(c.sent) sent, \(c.dropped) dropped of \(c.offered)")
        #expect(h.statuses.values.reduce(0, +) + h.timeouts + h.transportErrors + (h.unanswered ?? -1) == c.sent, "every send is counted once")
        // Traffic 3 s + timeout 1 s + drain 5 s, and the tool's start and report.
        #expect(seconds < 3 + 1 + 5 + 5, "took \(seconds)s")
        #expect(r.status == 0, "\(r.stderr)")
        return (r, summary, seconds)
    }

    @Test("A target that answers 503 to everything: every send counted as a 503")
    func serverErrors() throws {
        let (_, s, _) = try Self.run(.status(503), "503")
        #expect(s.counts.dropped == 0)
        #expect(s.http!.statuses == ["503": s.counts.sent])
    }

    @Test("A target that never answers: every send times out, and the run ends")
    func silent() throws {
        let (_, s, _) = try Self.run(.silent, "silent")
        // 4 connections held 1 s each carry 4 a second: the rest wait for a
        // connection until the drain's deadline, and are counted as unanswered.
        #expect(s.http!.statuses.isEmpty && s.http!.transportErrors == 0)
        #expect(s.http!.timeouts > 0 && s.http!.unanswered ?? 0 > 0)
    }

    @Test("A target that answers slowly: every send answered, the latency shows the delay")
    func slow() throws {
        let (_, s, _) = try Self.run(.slow(0.05), "slow")
        #expect(s.http!.statuses == ["202": s.counts.sent])
        #expect((s.latency["gateway_response"]?["all"]?.p50Ms ?? 0) >= 50)
    }

    @Test("A target that answers what is not HTTP: every send a transport error")
    func garbage() throws {
        let (_, s, _) = try Self.run(.garbage, "garbage")
        #expect(s.http!.transportErrors == s.counts.sent, "\(s.http!)")
    }

    @Test("A target that dies mid-run (connections reset, then refused): answers before, transport errors after")
    func dies() throws {
        let (_, s, _) = try Self.run(.dies(after: 30), "dies")
        #expect(s.http!.statuses["202"] == 30)
        #expect(s.http!.transportErrors + s.http!.timeouts == s.counts.sent - 30)
        #expect(s.http!.transportErrors > 0)
    }
}
