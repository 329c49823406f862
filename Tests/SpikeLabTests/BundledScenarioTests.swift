import Foundation
import SpikeLab
import Testing

struct BundledScenarioTests {
    static let names = ["flash-sale", "booking-rush", "sync-vs-queue", "hot-partition", "poison-messages", "retry-storm", "concurrency-sweep"]

    @Test("Every bundled scenario validates, runs, drains and conserves its messages", arguments: names)
    func runsAndConserves(name: String) throws {
        let r = VirtualEngine(scenario: try Fixtures.bundled(name)).run()
        #expect(r.ledger.holds, "\(r.ledger.equation)")
        #expect(r.drained)
        #expect(r.counters.accepted > 0)
        #expect(r.histograms.outOfRange == 0)
    }

    @Test("Every scenario in scenarios/ is in the list above")
    func listIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(Fixtures.root)/scenarios").filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Self.names))
    }
}
