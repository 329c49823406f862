import Foundation
import SpikeLab
@testable import SpikeLabFuzzing
import Testing

/// Every fuzz target's seed corpus and saved crashes (`Tests/Fuzz/Corpus` and
/// `Tests/Fuzz/Regressions`), replayed through its check without libFuzzer: a
/// crash the fuzzer found stays fixed, in every test run.
struct FuzzCorpusTests {
    static func inputs(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for kind in ["Corpus", "Regressions"] {
            let dir = "\(Fixtures.root)/Tests/Fuzz/\(kind)/\(target.rawValue)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir).sorted()) ?? [] where !name.hasPrefix(".") {
                out.append(("\(kind)/\(target.rawValue)/\(name)", Array(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)")))))
            }
        }
        return out
    }

    @Test("Each target's seeds and saved crashes keep its invariant", arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(target)
        #expect(inputs.count >= 3, "a seed corpus for \(target.rawValue)")
        for input in inputs {
            #expect(target.check(input.bytes) == nil, "\(input.name)")
        }
    }

    @Test("The run-folder seed is a whole run folder, so the fuzzer starts from the drawing path")
    func runFolderSeedReads() throws {
        let seed = try #require(try Self.inputs(.runFolder).first { $0.name.hasPrefix("Corpus/") })
        let parts = FuzzTarget.sections(seed.bytes, count: 5)
        let names = ["summary.json", "timeseries.csv", "metadata.json", "scenario.yaml", "end_to_end.hgrm"]
        let files = Dictionary(uniqueKeysWithValues: zip(names, parts.map { String(decoding: $0, as: UTF8.self) }))
        let data = try RunData.load(folder: "seed") { files[$0] }
        #expect(data.rowCount > 0 && data.distributions["end_to_end"]?.isEmpty == false)
    }
}
