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
        let path = self.path
        if !FileManager.default.fileExists(atPath: path) && !scenario.contains("/") && !scenario.hasSuffix(".yaml") && !scenario.hasSuffix(".yml") {
            FileHandle.standardError.write(Data("\(scenario): no such file, and no bundled scenario of that name (`spikelab list` shows them)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        do {
            let loaded = try ScenarioLoader.load(path: path, overrides: overrides)
            for warning in loaded.warnings { FileHandle.standardError.write(Data("\(warning.warningDescription)\n".utf8)) }
            return loaded
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            let n = error.issues.count
            FileHandle.standardError.write(Data("\(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}

/// Where bundled scenarios are looked for: `scenarios` in the working folder,
/// then a `scenarios` folder beside each of the executable's first four
/// ancestors, nearest first, which finds the package's own from
/// `.build/release/spikelab` (a link to `.build/<triple>/release/spikelab`)
/// wherever the tool is run from.
enum BundledScenarios {
    static var directories: [String] {
        var dirs = ["scenarios"]
        let exe = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            dirs.append(dir.appendingPathComponent("scenarios").path)
        }
        return dirs
    }
}
