import Foundation
@testable import SpikeLab
import SpikeLabCore
import Testing

/// The HTML report, checked structurally.
struct HTMLReportTests {
    static let chartIDs = ["chart-rates", "chart-queue", "chart-dead-letters", "chart-latency-windows",
                           "chart-consumers", "chart-partitions", "chart-distribution"]

    /// Runs a scenario and writes its folder as `spikelab run` does.
    static func folder(_ scenario: Scenario, _ name: String) throws -> String {
        let path = Fixtures.scratch("html-\(name)")
        let result = VirtualEngine(scenario: scenario).run()
        let metadata = RunMetadata(spikelabVersion: spikelabVersion, scenario: name, scenarioHash: "", seed: result.seed, engine: "virtual",
                                   host: "test", startedAt: "", wallSeconds: 1, eventsPerSecond: 0, requestsPerSecond: 0, speedup: 0,
                                   allocator: .system, peakResidentBytes: nil, commandLine: [])
        try RunReport.write(result, metadata: metadata, to: path)
        return path
    }

    static func html(_ folder: String) throws -> String {
        try String(contentsOfFile: "\(folder)/report.html", encoding: .utf8)
    }

    /// The text of one `<figure id=…>`.
    static func figure(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "<figure class=\"chart\" id=\"\(id)\">") else { return nil }
        guard let end = html.range(of: "</figure>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test("Every chart is there for a bundled scenario, each drawn or saying why not")
    func everyChartPresent() throws {
        let html = try Self.html(Self.folder(Fixtures.bundled("hot-partition"), "hot"))
        for id in Self.chartIDs {
            let figure = try #require(Self.figure(html, id), "missing \(id)")
            #expect(figure.contains("<svg") || figure.contains("class=\"empty\""), "\(id) neither drawn nor explained")
        }
        // The hot partition draws cells in one row only.
        let heat = try #require(Self.figure(html, "chart-partitions"))
        let rows = Set(heat.components(separatedBy: "<title>p").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) })
        #expect(rows.count == 1, "throttled rows: \(rows)")
        // No dead letters in this run: the chart says so instead of an empty box.
        let dead = try #require(Self.figure(html, "chart-dead-letters"))
        #expect(dead.contains("No messages were dead-lettered") && !dead.contains("<svg"))
    }

    @Test("A run in which nothing got through is ATTENTION, not PASS, and says why", arguments: [
        ("gateway:\n  account: { rate: 0, burst: 0 }\n", "No request was accepted: of 961 sent, 961 were throttled and 0 rejected."),
        ("consumers:\n  failureProbability: 100%\n", "Nothing was stored: of 961 accepted, 961 were dead-lettered and 0 expired."),
        ("topology: sync\nconsumers:\n  failureProbability: 100%\n", "Nothing was stored: all 961 accepted requests failed."),
        ("", nil),
    ])
    func nothingGotThrough(_ settings: String, _ line: String?) throws {
        let yaml = "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 200, duration: 5s } }\n" + settings
        let summary = Summary(VirtualEngine(scenario: try Fixtures.scenario(yaml)).run())
        #expect(summary.conservation.holds && summary.drained)
        let verdict = HTMLReport.verdict(summary)
        #expect(summary.nothingGotThrough == line)
        #expect(verdict.headline == (line == nil ? "PASS" : "ATTENTION"))
        #expect(verdict.lines.contains { $0 == line } == (line != nil), "\(verdict.lines)")
        #expect(TerminalSummary.render(summary, metadata: nil, folder: nil).contains("ATTENTION: ") == (line != nil))
    }

    @Test("A scenario warning makes the verdict ATTENTION and is kept in summary.json without the file's path")
    func scenarioWarning() throws {
        let yaml = "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 50, duration: 20s } }\n"
            + "queue: { visibilityTimeout: 5s }\nconsumers: { batchSize: 1000, batchingWindow: 10s, timeout: 2s }\n"
        let summary = Summary(VirtualEngine(scenario: try Fixtures.scenario(yaml)).run())
        let warning = try #require(summary.scenario.warnings?.first)
        #expect(summary.scenario.warnings?.count == 1)
        #expect(warning.hasPrefix("consumers.batchingWindow: 10s plus consumers.timeout 2s is longer than queue.visibilityTimeout 5s"))
        // What it warns of happens: gathered messages come back and some are dead-lettered.
        #expect(summary.counts.duplicatesSuppressed > 0 && summary.counts.deadLettered > 0, "\(summary.counts)")
        let verdict = HTMLReport.verdict(summary)
        #expect(verdict.headline == "ATTENTION")
        #expect(verdict.lines.contains("The scenario has a warning: \(warning)"))
        #expect(TerminalSummary.render(summary, metadata: nil, folder: nil).contains("ATTENTION: \(warning)"))
        let json = String(decoding: try RunReport.encoder().encode(summary), as: UTF8.self)
        #expect(json.contains("\"warnings\"") && !json.contains(".yaml"))
        // None: no key at all, as in every report before warnings.
        let plain = Summary(VirtualEngine(scenario: try Fixtures.scenario("name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 50, duration: 2s } }\n")).run())
        #expect(!String(decoding: try RunReport.encoder().encode(plain), as: UTF8.self).contains("\"warnings\""))
    }

    @Test("Every number in the percentile table equals summary.json's")
    func percentileTableMatchesSummary() throws {
        let folder = try Self.folder(Fixtures.bundled("poison-messages"), "poison")
        let html = try Self.html(folder)
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder)/summary.json")))
        var checked = 0
        for row in html.components(separatedBy: "<tr data-stage=\"").dropFirst() {
            let stage = String(row.prefix { $0 != "\"" })
            let workload = row.components(separatedBy: "data-workload=\"")[1].prefix { $0 != "\"" }
            let cells = row.components(separatedBy: "<td class=\"num\">").dropFirst().map { $0.prefix { $0 != "<" } }
            let expected = try #require(summary.latency[stage]?[String(workload)])
            #expect(cells.first.map { String($0).replacingOccurrences(of: ",", with: "") } == String(expected.count))
            for (cell, column) in zip(cells.dropFirst(), HTMLReport.percentileColumns) {
                #expect(abs(Double(cell)! - column.value(expected)) < 0.0005, "\(stage) \(workload) \(column.name)")
                checked += 1
            }
        }
        #expect(checked >= 6 * 7)
    }

    @Test("The page reaches for nothing outside itself")
    func selfContained() throws {
        let html = try Self.html(Self.folder(Fixtures.bundled("poison-messages"), "self"))
        for forbidden in ["http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "<img"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
    }

    @Test("spikelab report rebuilds the same page from the folder's files")
    func rebuildIsIdentical() throws {
        let folder = try Self.folder(Fixtures.bundled("poison-messages"), "rebuild")
        let original = try Self.html(folder)
        let rebuilt = HTMLReport.render(try RunData.load(folder: folder))
        #expect(rebuilt == original)
    }

    @Test("A time series edited to hold what no run writes is refused with its line and column; empty cells are fine", arguments: [
        ("1e308", "12: stored: '1e308' is not a value a run writes"), ("inf", "12: stored: 'inf'"), ("x", "12: stored: 'x'"), ("", nil),
    ] as [(String, String?)])
    func editedTimeseries(_ cell: String, _ problem: String?) throws {
        let folder = try Self.folder(Fixtures.bundled("poison-messages", overrides: ["workloads.orders.rate={constant: {rate: 100, duration: 20s}}"]),
                                     "edited-\(cell.isEmpty ? "empty" : cell)")
        let path = "\(folder)/timeseries.csv"
        var rows = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
        let column = rows[0].split(separator: ",").firstIndex(of: "stored")!
        var cells = rows[11].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[column] = cell
        rows[11] = cells.joined(separator: ",")
        try rows.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try RunData.load(folder: folder)
            #expect(problem == nil)
        } catch {
            #expect(problem.map { error.description.hasPrefix("\(folder)/timeseries.csv:\($0)") } == true, "\(error)")
        }
    }

    @Test(".hgrm rows that no run writes (a negative or huge value, a percentile past 1) are passed over when read back")
    func editedHgrm() {
        let text = "       Value     Percentile TotalCount 1/(1-Percentile)\n\n       1.000 0.500000000000          5           2.00\n"
            + "      -1e308 0.900000000000          9          10.00\n       1e300 0.950000000000          9          20.00\n"
            + "       2.000 1.500000000000         10           inf\n       3.000 1.000000000000         10\n"
        #expect(HgrmFiles.parse(text).map(\.value) == [1, 3])
    }

    @Test("An hour of traffic at one-second intervals gives a report under 5 MB")
    func longRunStaysSmall() throws {
        let scenario = try Fixtures.scenario("""
            name: hour
            workloads:
              - type: orders
                rate: { sine: { mean: 20, amplitude: 15, period: 10m, duration: 1h } }
            store:
              partitions: 32
              writeCapacity: 64
            consumers:
              concurrency: 20
            """)
        let folder = try Self.folder(scenario, "hour")
        let size = try FileManager.default.attributesOfItem(atPath: "\(folder)/report.html")[.size] as! Int
        #expect(size < 5_000_000, "\(size) bytes")
        let html = try Self.html(folder)
        #expect(Self.chartIDs.allSatisfy { html.contains("id=\"\($0)\"") })
    }

    @Test("Downsampling keeps every spike: min and max per bucket, never an average")
    func downsamplingKeepsSpikes() {
        var points = (0..<10_000).map { (x: Double($0), y: 10.0) }
        points[4_321].y = 900
        points[7_000].y = 0
        let thin = Downsampler.minMax(points, limit: 1_000)
        #expect(thin.count <= 1_002)
        #expect(thin.contains { $0.y == 900 && $0.x == 4_321 })
        #expect(thin.contains { $0.y == 0 && $0.x == 7_000 })
        #expect(zip(thin, thin.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test(".hgrm files are HdrHistogram percentile distributions with their footer")
    func hgrmFiles() throws {
        let folder = try Self.folder(Fixtures.bundled("poison-messages"), "hgrm")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder)/summary.json")))
        for stage in Stage.allCases where (summary.latency[stage.rawValue]?["all"]?.count ?? 0) > 0 {
            let text = try String(contentsOfFile: "\(folder)/\(stage.rawValue).hgrm", encoding: .utf8)
            #expect(text.hasPrefix("       Value     Percentile TotalCount 1/(1-Percentile)"))
            #expect(text.contains("#[Mean    =") && text.contains("#[Max     =") && text.contains("#[Buckets ="))
            let points = HgrmFiles.parse(text)
            #expect(points.last?.percentile == 1)
            #expect(points.last?.totalCount == summary.latency[stage.rawValue]?["all"]?.count)
            #expect(abs((points.last?.value ?? 0) - (summary.latency[stage.rawValue]?["all"]?.maxMs ?? -1)) < 0.001)
        }
    }
}
