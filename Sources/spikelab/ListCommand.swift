import ArgumentParser
import Foundation
import SpikeLab

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the bundled scenarios with what each shows."
    )

    @Option(help: "The folder to list (default: the bundled scenarios).")
    var dir: String?

    func run() throws {
        let dirs = dir.map { [$0] } ?? BundledScenarios.directories
        guard let found = dirs.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            FileHandle.standardError.write(Data("no scenarios folder found (looked in \(dirs.joined(separator: ", ")))\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let files = (try FileManager.default.contentsOfDirectory(atPath: found)).filter { $0.hasSuffix(".yaml") }.sorted()
        for file in files {
            let path = "\(found)/\(file)"
            let name = String(file.dropLast(5))
            switch Result(catching: { () throws(ScenarioErrors) in try ScenarioLoader.load(path: path) }) {
            case let .success(s):
                let first = s.description.split(separator: "\n").first.map(String.init) ?? ""
                print("\(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(first)")
            case let .failure(e):
                print("\(name.padding(toLength: 24, withPad: " ", startingAt: 0)) INVALID: \(e.issues.first?.description ?? "")")
            }
        }
    }
}
