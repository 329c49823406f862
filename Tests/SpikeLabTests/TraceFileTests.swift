import Foundation
import SpikeLabCore
import Testing

@testable import SpikeLab

/// A rate trace file is RFC 4180 CSV, as SpikeLab writes it: CRLF or LF line
/// ends, a header row allowed.
struct TraceFileTests {
    static func load(_ csv: String, _ name: String) throws -> RateShape {
        let dir = Fixtures.scratch("trace-\(name)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try csv.write(toFile: "\(dir)/trace.csv", atomically: false, encoding: .utf8)
        let yaml = "name: t\nworkloads:\n  - { name: orders, type: orders, rate: { trace: { file: trace.csv } } }\n"
        return try ScenarioLoader.parse(text: yaml, file: "\(dir)/t.yaml", baseDirectory: dir).workloads[0].rate
    }

    @Test("CRLF and LF files give the same trace")
    func crlfAsLF() throws {
        let lf = "time_s,rate_rps\n0,10\n5,20\n10,0\n"
        let expected = RateShape.trace([.init(time: .zero, rate: 10), .init(time: .seconds(5), rate: 20), .init(time: .seconds(10), rate: 0)])
        #expect(try Self.load(lf, "lf") == expected)
        #expect(try Self.load(lf.replacingOccurrences(of: "\n", with: "\r\n"), "crlf") == expected)
    }

    @Test("A bad row still names the file and its line")
    func badRowNamed() throws {
        do {
            _ = try Self.load("time_s,rate_rps\r\n0,10\r\n5,lots\r\n", "bad")
            Issue.record("a bad row loaded")
        } catch let errors as ScenarioErrors {
            #expect(errors.description.contains("trace.csv:3"), "\(errors.description)")
            #expect(errors.description.contains("'5,lots' is not a row of time_s,rate_rps"), "\(errors.description)")
        }
    }
}
