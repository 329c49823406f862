import Foundation
import SpikeLab
import Testing

/// The `spikelab` tool as a user runs it: exit statuses, what it prints, what it writes.
struct CommandLineTests {
    struct Outcome { var status: Int32; var stdout: String; var stderr: String }

    static var tool: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("spikelab").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "\(Fixtures.root)/.build/release/spikelab"
    }

    /// Runs the tool to the end; `during` gets the process while it runs.
    static func run(_ arguments: [String], in folder: String = Fixtures.root, during: (Process) -> Void = { _ in }) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        during(p)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporary(_ name: String) -> String {
        let dir = Fixtures.scratch("cli-\(name)")
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("An invalid scenario exits with the usage status, names file, line and field, and writes nothing")
    func invalidScenario() throws {
        let dir = Self.temporary("invalid")
        let file = "\(dir)/bad.yaml"
        try "name: bad\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 10, duration: 10s } }\nconsumers:\n  batchSize: 20000\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let out = "\(dir)/run"
        let r = try Self.run(["run", file, "--out", out])
        #expect(r.status == ExitStatus.usage.rawValue)
        #expect(r.stderr.contains("\(file):6:14: consumers.batchSize: '20000' is over the limit of 10000"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["bad.yaml"])
    }

    @Test("Values past the limits, and a folder given as the scenario, are usage errors that write nothing, never a crash", arguments: [
        (["validate", "scenarios/flash-sale.yaml", "--set", "workloads.0.rate.spike.peak=1e30"],
         "workloads[0].rate.spike.peak: '1e30' is over the limit of 10,000,000"),
        (["run", "scenarios/flash-sale.yaml", "--set", "interval=1us"], "interval: 1µs makes 900,000,000 intervals"),
        (["run", "scenarios/flash-sale.yaml", "--set", "stream.pollInterval=1ns"], "stream.pollInterval: '1ns' must be at least 1ms"),
        (["validate", "scenarios"], "scenarios: is a folder, not a scenario file"),
        (["validate", "scenarios/flash-sale.yaml", "--set", "gateway.maxPayload=1e30"], "gateway.maxPayload: '1e30' is out of range for a size"),
        (["validate", "scenarios/flash-sale.yaml", "--set", "drain=2000000h2000000h"], "drain: '2000000h2000000h' is out of range"),
        (["run", "scenarios/flash-sale.yaml", "--threshold", "p99(end_to_end) < 2s window 1ns"],
         "--threshold: threshold 'p99(end_to_end) < 2s window 1ns': window 1ns is shorter than the interval 1s"),
    ])
    func pastTheLimits(_ arguments: [String], _ message: String) throws {
        let dir = Self.temporary("limits-" + String(message.filter(\.isLetter).prefix(24)))
        let r = try Self.run(arguments + (arguments[0] == "run" ? ["--out", "\(dir)/run"] : []))
        #expect(r.status == ExitStatus.usage.rawValue, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.contains("Backtracing") && !r.stderr.contains("runtime failure"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test("run writes a whole run folder and prints the summary table")
    func runWritesFolder() throws {
        let dir = Self.temporary("run")
        let out = "\(dir)/poison"
        let r = try Self.run(["run", "poison-messages", "--out", out, "--set", "workloads.orders.rate={constant: {rate: 100, duration: 20s}}"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("conservation holds"))
        #expect(r.stdout.contains("end_to_end"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.filter { !$0.hasSuffix(".hgrm") } == ["latency.csv", "metadata.json", "report.html", "scenario.yaml", "summary.json", "timeseries.csv"])
        #expect(files.filter { $0.hasSuffix(".hgrm") }.count == 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["poison"])
        let header = try String(contentsOfFile: "\(out)/timeseries.csv", encoding: .utf8).split(separator: "\r\n").first.map(String.init)
        #expect(header?.hasPrefix(TimeseriesCSV.columns.map(\.name).joined(separator: ",")) == true)
        let metadata = try JSONDecoder().decode(RunMetadata.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/metadata.json")))
        #expect(metadata.allocator.allocator.hasPrefix("jemalloc"))
        #expect((metadata.allocator.allocatedBytes ?? 0) > 0)
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json")))
        #expect(summary.conservation.holds)
        #expect(try String(contentsOfFile: "\(out)/scenario.yaml", encoding: .utf8).contains("rate: 100"))
    }

    @Test("report rebuilds report.html from a run folder; a folder that is not one is a usage error")
    func reportCommand() throws {
        let dir = Self.temporary("report")
        let out = "\(dir)/run"
        #expect(try Self.run(["run", "poison-messages", "--out", out, "--quiet"]).status == 0)
        let original = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(out)/report.html")
        let r = try Self.run(["report", out])
        #expect(r.status == 0 && r.stdout.contains("report.html"))
        #expect(try String(contentsOfFile: "\(out)/report.html", encoding: .utf8) == original)
        let bad = try Self.run(["report", dir])
        #expect(bad.status == ExitStatus.usage.rawValue && bad.stderr.contains("summary.json: missing"), "\(bad.stderr)")
    }

    /// Starts the tool, interrupts it `signals` times after `after` seconds, waits.
    static func interrupt(_ arguments: [String], after: Double, signals: Int) throws -> Outcome {
        try run(arguments) { p in
            Thread.sleep(forTimeInterval: after)
            for _ in 0..<signals {
                kill(p.processIdentifier, SIGINT)
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    @Test("A wall-clock run stopped by SIGINT (once: drain; twice: at once) leaves a whole folder whose summary says interrupted", arguments: [1, 2])
    func interrupted(signals: Int) throws {
        let dir = Self.temporary("interrupt-\(signals)")
        let out = "\(dir)/run"
        let r = try Self.interrupt(["run", "poison-messages", "--clock", "wall", "--out", out], after: 2.5, signals: signals)
        #expect(r.status == ExitStatus.interrupted.rawValue, "\(r.stderr)")
        #expect(r.stderr.contains("stopping"))
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json")))
        #expect(summary.interrupted)
        #expect(summary.engine == "wall")
        #expect(summary.conservation.holds, "\(summary.conservation.equation)")
        #expect(summary.counts.offered > 100 && summary.trafficSeconds == 120)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run"])
        #expect(try String(contentsOfFile: "\(out)/report.html", encoding: .utf8).contains("interrupted"))
    }

    @Test("Exit statuses: 1 for a failed threshold or regression, 64 for a bad threshold, an unknown tolerance or another test's baseline")
    func checkStatuses() throws {
        let dir = Self.temporary("checks")
        let small = ["--set", "workloads.orders.rate={constant: {rate: 100, duration: 20s}}"]
        let failed = try Self.run(["run", "poison-messages", "--out", "\(dir)/a", "--threshold", "count(dead_lettered) == 0"] + small)
        #expect(failed.status == ExitStatus.checkFailed.rawValue && failed.stdout.contains("THRESHOLD FAILED count(dead_lettered) == 0"), "\(failed.stdout)")
        let bad = try Self.run(["run", "poison-messages", "--out", "\(dir)/b", "--threshold", "p99(end_to_end) << 1s"] + small)
        #expect(bad.status == ExitStatus.usage.rawValue && bad.stderr.contains("threshold 'p99(end_to_end) << 1s'"))
        #expect(try Self.run(["baseline", "save", "\(dir)/a", "\(dir)/base.json"]).status == 0)
        let typo = try Self.run(["check", "\(dir)/a", "--baseline", "\(dir)/base.json", "--tolerance", "end_too_end=5%"])
        #expect(typo.status == ExitStatus.usage.rawValue && typo.stderr.contains("'end_too_end' names no metric the baseline keeps"), "\(typo.stderr)")
        let same = try Self.run(["check", "\(dir)/a", "--baseline", "\(dir)/base.json"])
        #expect(same.status == ExitStatus.checkFailed.rawValue, "the run's own failed threshold still fails check")
        #expect(same.stdout.contains("baseline check passed"))
        _ = try Self.run(["run", "poison-messages", "--out", "\(dir)/c", "--set", "consumers.handler={lognormal: {p50: 13ms, p99: 65ms}}"] + small)
        let slower = try Self.run(["check", "\(dir)/c", "--baseline", "\(dir)/base.json"])
        #expect(slower.status == ExitStatus.checkFailed.rawValue && slower.stdout.contains("p99(handler)") && slower.stdout.contains("FAIL"))
        _ = try Self.run(["run", "poison-messages", "--out", "\(dir)/d", "--seed", "99"] + small)
        let other = try Self.run(["check", "\(dir)/d", "--baseline", "\(dir)/base.json"])
        #expect(other.status == ExitStatus.usage.rawValue && other.stderr.contains("not comparable"), "\(other.stderr)")
    }

    @Test("run --target: a bad URL, timeout or header is a usage error; a target that does not answer exits 69 and writes nothing")
    func targetErrors() throws {
        let dir = Self.temporary("target")
        let out = "\(dir)/run"
        let cases: [([String], String)] = [
            (["--target", "localhost:8080"], "--target: 'localhost:8080' is not a base URL"),
            (["--target", "http://127.0.0.1:9", "--timeout", "soon"], "--timeout: 'soon' is not a duration"),
            (["--target", "http://127.0.0.1:9", "--header", "no-colon"], "--header: 'no-colon' is not 'Name: value'"),
            (["--target", "http://127.0.0.1:9", "--clock", "virtual"], "--target runs on the wall clock"),
            (["--api-key", "k"], "--api-key and --header need --target"),
            (["--target", "http://127.0.0.1:9", "--client", "curl"], "The value 'curl' is invalid for '--client"),
        ]
        for (arguments, message) in cases {
            let r = try Self.run(["run", "flash-sale", "--out", out, "--quiet"] + arguments)
            #expect(r.status == ExitStatus.usage.rawValue, "\(arguments)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        // Port 9 (discard) is closed on loopback: the connection is refused.
        let r = try Self.run(["run", "flash-sale", "--out", out, "--quiet", "--target", "http://127.0.0.1:9"])
        #expect(r.status == ExitStatus.unavailable.rawValue)
        #expect(r.stderr.contains("cannot reach http://127.0.0.1:9"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: out))
        // The same with the other client.
        let a = try Self.run(["run", "flash-sale", "--out", out, "--quiet", "--target", "http://127.0.0.1:9", "--client", "async-http-client"])
        #expect(a.status == ExitStatus.unavailable.rawValue && a.stderr.contains("cannot reach http://127.0.0.1:9"), "\(a.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("Bundled scenarios are found by name from any folder; an unknown name says so")
    func bundledFromAnywhere() throws {
        let elsewhere = Self.temporary("elsewhere")
        let v = try Self.run(["validate", "flash-sale"], in: elsewhere)
        #expect(v.status == 0 && v.stdout.contains("flash-sale.yaml: valid"), "\(v.stderr)")
        let l = try Self.run(["list"], in: elsewhere)
        #expect(l.status == 0 && l.stdout.contains("flash-sale"))
        let unknown = try Self.run(["run", "flash-sail"], in: elsewhere)
        #expect(unknown.status == ExitStatus.usage.rawValue)
        #expect(unknown.stderr.contains("flash-sail: no such file, and no bundled scenario of that name"), "\(unknown.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test("validate and list describe the bundled scenarios; --help names every command")
    func validateAndList() throws {
        let v = try Self.run(["validate", "flash-sale"])
        #expect(v.status == 0 && v.stdout.contains("valid"))
        let l = try Self.run(["list"])
        for name in BundledScenarioTests.names { #expect(l.stdout.contains(name)) }
        #expect(!l.stdout.contains("INVALID"))
        // Each description whole, its words wrapped within 100 columns under the name.
        let words = l.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for name in BundledScenarioTests.names {
            let description = try Fixtures.bundled(name).description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("\(name) \(description)"), "\(name)")
        }
        #expect(l.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
        let h = try Self.run(["--help"])
        for command in ["run", "sweep", "check", "baseline", "validate", "list", "report"] { #expect(h.stdout.contains(command)) }
    }
}
