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
                let lines = Self.wrap(s.description, width: Self.width - Self.nameWidth - 1)
                print(name.padding(toLength: Self.nameWidth, withPad: " ", startingAt: 0) + " " + (lines.first ?? ""))
                for line in lines.dropFirst() { print(String(repeating: " ", count: Self.nameWidth + 1) + line) }
            case let .failure(e):
                print("\(name.padding(toLength: Self.nameWidth, withPad: " ", startingAt: 0)) INVALID: \(e.issues.first?.description ?? "")")
            }
            if file != files.last { print("") }
        }
    }

    static let width = 100
    static let nameWidth = 24

    /// The text's words in lines of at most `width` characters (a longer word
    /// has a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
