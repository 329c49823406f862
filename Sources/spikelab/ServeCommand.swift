import ArgumentParser
import Foundation
import SpikeLab
import SpikeLabServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the scenario's pipeline over HTTP on the wall clock until SIGINT or SIGTERM, then write its report.",
        discussion: """
            Routes: POST /<workload> (orders, bookings): 202 {"requestId"} on the queue-buffered topology, 201 with the item \
            on the synchronous one; 400, 401, 403, 413, 429 (with the level and Retry-After), 503. GET /<workload>/<id>: the \
            stored item or 404. GET /health. GET /metrics (Prometheus text). Binds to loopback unless --host says otherwise.
            """
    )

    @OptionGroup var scenario: ScenarioOptions
    @Option(help: "The address to bind (default: loopback only).") var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one).") var port = 8080
    @OptionGroup var output: OutputOptions
    @Option(help: "Seed for the pipeline's random draws (default: the scenario's).") var seed: UInt64?

    func run() async throws {
        let loaded = try scenario.load()
        let started = Date()
        let claimed = try output.claim(defaultPath: RunFolder.defaultPath(scenario: loaded.name, kind: "serve", startedAt: started))
        let folder = claimed.path
        var steal = HostSteal()
        let server = SpikeLabHTTPServer(scenario: loaded, host: host, port: port, seed: seed) { bound in
            let line = "serving \(loaded.name) on http://\(host):\(bound)  (POST /\(loaded.workloads.map(\.name).joined(separator: ", POST /")); Ctrl-C to stop)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        let result: RunResult?
        do {
            result = try await server.run()
        } catch {
            FileHandle.standardError.write(Data("cannot serve on \(host):\(port): \(error)\n".utf8))
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
        guard let result else { return }
        let wall = Date().timeIntervalSince(started)
        let metadata = RunMetadata(
            spikelabVersion: spikelabVersion, scenario: loaded.name, scenarioHash: Summary.hash(loaded.sourceText), seed: result.seed,
            engine: "wall", host: ProcessInfo.processInfo.hostName, startedAt: ISO8601DateFormatter().string(from: started), wallSeconds: wall,
            eventsPerSecond: 0, requestsPerSecond: wall > 0 ? Double(result.counters.sent) / wall : 0, speedup: 1,
            allocator: Jemalloc.stats(), peakResidentBytes: ProcessMemory.peakResidentBytes(),
            hostStealSeconds: steal.sinceLast().map { $0 / 1000 }, commandLine: CommandLine.arguments)
        let summary = try OutputOptions.write(result, metadata: metadata, into: claimed)
        print(TerminalSummary.render(summary, metadata: metadata, folder: folder))
        if !summary.conservation.holds { throw ExitCode(ExitStatus.invariantBroken.rawValue) }
    }
}
