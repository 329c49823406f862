import Foundation
import Testing

@testable import SpikeLab

/// `spikelab report` reads a run folder only when it is whole: a cut or
/// damaged data file is refused (exit 64), never drawn as if it were whole.
struct RunDataTests {
    static let scenario = """
        name: whole
        workloads:
          - { name: orders, type: orders, rate: { constant: { rate: 20, duration: 5s } } }
        """

    /// A fresh run folder, one per test.
    static func folder(_ name: String) throws -> String {
        try HTMLReportTests.folder(Fixtures.scenario(scenario), "rundata-\(name)")
    }

    static func damage(_ folder: String, _ file: String, _ change: (String) -> String) throws {
        let path = "\(folder)/\(file)"
        try change(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func refusal(_ folder: String) -> String? {
        do {
            _ = try RunData.load(folder: folder)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("A whole folder reads")
    func wholeReads() throws {
        #expect(Self.refusal(try Self.folder("whole")) == nil)
    }

    @Test("timeseries.csv cut mid-row, mid-cell, to nothing or to one byte is refused", arguments: [
        "mid-row", "mid-cell", "empty", "one-byte", "header-only-cut",
    ])
    func timeseriesCut(_ how: String) throws {
        let folder = try Self.folder("ts-\(how)")
        try Self.damage(folder, "timeseries.csv") { text in
            let lines = text.components(separatedBy: "\r\n")
            switch how {
            case "mid-row": return lines.prefix(3).joined(separator: "\r\n") + "\r\n" + lines[3].prefix(lines[3].count / 2)
            case "mid-cell": return String(text.dropLast(3))
            case "empty": return ""
            case "one-byte": return String(text.prefix(1))
            default: return String(lines[0].prefix(20))
            }
        }
        let refusal = try #require(Self.refusal(folder))
        #expect(refusal.hasPrefix("\(folder)/timeseries.csv:"), "\(refusal)")
    }

    @Test("A metadata.json or scenario.yaml that does not parse is refused, naming the file")
    func brokenSideFiles() throws {
        let meta = try Self.folder("meta")
        try Self.damage(meta, "metadata.json") { _ in "{" }
        #expect(Self.refusal(meta)?.hasPrefix("\(meta)/metadata.json: not SpikeLab run metadata") == true)
        let yaml = try Self.folder("yaml")
        try Self.damage(yaml, "scenario.yaml") { _ in "name: [" }
        #expect(Self.refusal(yaml)?.hasPrefix("\(yaml)/scenario.yaml: not the scenario a run wrote") == true)
    }
}
