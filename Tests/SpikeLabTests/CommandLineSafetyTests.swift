import Foundation
import Synchronization
import Testing

@testable import SpikeLab

/// The tool never destroys what it did not write, and a refusal (exit 64) runs
/// and writes nothing.
struct CommandLineSafetyTests {
    typealias CLI = CommandLineTests
    static let small = ["--set", "workloads.orders.rate={constant: {rate: 100, duration: 10s}}"]

    @Test("run --out over someone's folder, a file or a link exits 64 naming the path, and leaves it as it was")
    func runRefusesOccupied() throws {
        let dir = CLI.temporary("safety-out")
        try FileManager.default.createDirectory(atPath: "\(dir)/notes", withIntermediateDirectories: true)
        try "keep me".write(toFile: "\(dir)/notes/notes.txt", atomically: false, encoding: .utf8)
        try "a file".write(toFile: "\(dir)/file", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: "\(dir)/notes")
        for (path, message) in [("notes", "is not empty"), ("file", "is a file"), ("link", "is a symbolic link")] {
            for force in [[], ["--force"]] {
                let r = try CLI.run(["run", "poison-messages", "--out", "\(dir)/\(path)", "--quiet"] + force + Self.small)
                #expect(r.status == ExitStatus.usage.rawValue, "\(path) \(force)")
                #expect(r.stderr.hasPrefix("\(dir)/\(path): ") && r.stderr.contains(message), "\(r.stderr)")
            }
        }
        #expect(try String(contentsOfFile: "\(dir)/notes/notes.txt", encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/notes") == ["notes.txt"])
        #expect(try String(contentsOfFile: "\(dir)/file", encoding: .utf8) == "a file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["file", "link", "notes"])
    }

    @Test("A second run to the same --out is refused; --force replaces a SpikeLab run folder")
    func secondRunRefused() throws {
        let dir = CLI.temporary("safety-twice")
        #expect(try CLI.run(["run", "poison-messages", "--out", "\(dir)/run", "--quiet"] + Self.small).status == 0)
        let again = try CLI.run(["run", "poison-messages", "--out", "\(dir)/run", "--quiet", "--seed", "7"] + Self.small)
        #expect(again.status == ExitStatus.usage.rawValue && again.stderr.contains("give --force"), "\(again.stderr)")
        let forced = try CLI.run(["run", "poison-messages", "--out", "\(dir)/run", "--quiet", "--force", "--seed", "7"] + Self.small)
        #expect(forced.status == 0, "\(forced.stderr)")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/run/summary.json")))
        #expect(summary.seed == 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run"])
    }

    @Test("Two runs started together on one --out: one writes it, the other exits 64")
    func concurrentRuns() throws {
        let dir = CLI.temporary("safety-race")
        let statuses = Mutex<[Int32]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let r = try? CLI.run(["run", "flash-sale", "--out", "\(dir)/run", "--quiet"])
            statuses.withLock { $0.append(r?.status ?? -1) }
        }
        #expect(statuses.withLock { $0.sorted() } == [0, ExitStatus.usage.rawValue])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run"])
    }

    @Test("run --baseline of another seed exits 64 before running, and writes nothing")
    func baselineCheckedFirst() throws {
        let dir = CLI.temporary("safety-baseline")
        #expect(try CLI.run(["run", "poison-messages", "--out", "\(dir)/a", "--quiet"] + Self.small).status == 0)
        #expect(try CLI.run(["baseline", "save", "\(dir)/a", "\(dir)/base.json"]).status == 0)
        let r = try CLI.run(["run", "poison-messages", "--out", "\(dir)/b", "--seed", "99", "--baseline", "\(dir)/base.json"] + Self.small)
        #expect(r.status == ExitStatus.usage.rawValue && r.stderr.contains("not comparable"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        // baseline save never writes over a file; --force replaces only a baseline.
        let saved = try String(contentsOfFile: "\(dir)/base.json", encoding: .utf8)
        let twice = try CLI.run(["baseline", "save", "\(dir)/a", "\(dir)/base.json"])
        #expect(twice.status == ExitStatus.usage.rawValue && twice.stderr.contains("the file exists"), "\(twice.stderr)")
        #expect(try CLI.run(["baseline", "save", "\(dir)/a", "\(dir)/base.json", "--force"]).status == 0)
        #expect(try String(contentsOfFile: "\(dir)/base.json", encoding: .utf8) == saved)
        try "my notes".write(toFile: "\(dir)/notes.json", atomically: false, encoding: .utf8)
        let other = try CLI.run(["baseline", "save", "\(dir)/a", "\(dir)/notes.json", "--force"])
        #expect(other.status == ExitStatus.usage.rawValue && other.stderr.contains("not one SpikeLab wrote"), "\(other.stderr)")
        #expect(try String(contentsOfFile: "\(dir)/notes.json", encoding: .utf8) == "my notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a", "base.json", "notes.json"])
    }

    @Test("A sweep past the point limit exits 64 at once and writes nothing")
    func sweepLimit() throws {
        let dir = CLI.temporary("safety-grid")
        let values = (1...1000).map(String.init).joined(separator: ",")
        let r = try CLI.run(["sweep", "flash-sale", "--out", "\(dir)/s", "--vary", "consumers.concurrency=\(values)",
                             "--vary", "consumers.batchSize=\(values)"])
        #expect(r.status == ExitStatus.usage.rawValue)
        #expect(r.stderr.contains("the grid has 1,000,000 points; a sweep runs at most 1,000"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test("A sweep stopped by SIGINT exits 130 promptly and keeps the points already done")
    func sweepInterrupted() throws {
        let dir = CLI.temporary("safety-sweep-int")
        let started = Date()
        let r = try CLI.interrupt(["sweep", "poison-messages", "--out", "\(dir)/s", "--parallel", "1",
                                   "--vary", "consumers.concurrency=" + (1...40).map { String($0 * 5) }.joined(separator: ",")],
                                  after: 4, signals: 1)
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(r.status == ExitStatus.interrupted.rawValue, "\(r.stderr)")
        let meta = try JSONDecoder().decode(SweepMetadata.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/s/metadata.json")))
        #expect(meta.interrupted && meta.gridPoints == 40)
        #expect(meta.points >= 1 && meta.points < 40)
        let csv = try String(contentsOfFile: "\(dir)/s/sweep.csv", encoding: .utf8)
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == meta.points + 1)
        let folders = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/s").filter { $0.hasPrefix("consumers") }
        #expect(folders.count == meta.points)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s"])
    }

    /// What a run folder holds when it is whole.
    static let wholeFolder = ["end_to_end.hgrm", "gateway_response.hgrm", "gateway_response_uncorrected.hgrm", "handler.hgrm",
                              "latency.csv", "metadata.json", "notification.hgrm", "queue_wait.hgrm", "report.html",
                              "scenario.yaml", "store_write.hgrm", "summary.json", "timeseries.csv"]

    @Test("SIGKILL at any moment of a run and its write leaves no run folder or a whole one; the next run clears the debris")
    func killedAnywhere() throws {
        let dir = CLI.temporary("safety-kill")
        let arguments = ["run", "flash-sale", "--quiet", "--set", "workloads.orders.rate.spike.peak=2000"]
        // How long a whole run takes here, to spread the kills over it.
        let started = Date()
        #expect(try CLI.run(arguments + ["--out", "\(dir)/timed"]).status == 0)
        let whole = Date().timeIntervalSince(started)
        var outcomes: [String: Int] = [:]
        for i in 1...16 {
            let out = "\(dir)/run-\(i)"
            let r = try CLI.run(arguments + ["--out", out]) { p in
                Thread.sleep(forTimeInterval: whole * Double(i) / 16.5)
                kill(p.processIdentifier, SIGKILL)
            }
            let fm = FileManager.default
            if fm.fileExists(atPath: out) {
                #expect(try fm.contentsOfDirectory(atPath: out).sorted() == Self.wholeFolder, "kill \(i): \(r.status)")
                #expect(try String(contentsOfFile: "\(out)/report.html", encoding: .utf8).hasSuffix("</html>\n"))
                _ = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json")))
                outcomes["whole", default: 0] += 1
            } else {
                outcomes["none", default: 0] += 1
            }
        }
        #expect(outcomes["none", default: 0] > 0, "some kills landed before the folder was in place: \(outcomes)")
        // The next run in the same folder removes what the killed ones left.
        #expect(try CLI.run(arguments + ["--out", "\(dir)/after"]).status == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "\(left)")
    }
}
