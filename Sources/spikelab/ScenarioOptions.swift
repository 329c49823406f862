import ArgumentParser
import Foundation
import SpikeLab

/// The scenario argument and `--set`, shared by the commands that load one.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "A scenario file, or the name of a bundled scenario (see `spikelab list`).")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario field: path=value (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    /// The file the scenario argument names.
    var path: String {
        if FileManager.default.fileExists(atPath: scenario) { return scenario }
        for dir in BundledScenarios.directories {
            let candidate = "\(dir)/\(scenario).yaml"
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return scenario
    }

    /// Loads and validates, or prints every issue and exits with the usage status.
    func load() throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: path, overrides: overrides)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            let n = error.issues.count
            FileHandle.standardError.write(Data("\(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}

/// Where bundled scenarios are looked for.
enum BundledScenarios {
    static var directories: [String] {
        var dirs = ["scenarios"]
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .build/<config>/spikelab → the package's scenarios folder.
        dirs.append(exe.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios").path)
        return dirs
    }
}
