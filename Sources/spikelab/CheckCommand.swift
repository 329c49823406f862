import ArgumentParser
import Foundation
import SpikeLab

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a run folder with a baseline; exit 1 if a metric regressed past its tolerance."
    )

    @Argument(help: "A run folder.") var folder: String
    @OptionGroup var baseline: BaselineOptions

    func run() throws {
        guard let comparison = try baseline.load() else {
            FileHandle.standardError.write(Data("check needs --baseline FILE\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let summary: Summary
        do {
            summary = try RunData.load(folder: folder).summary
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let outcome: BaselineComparison.Outcome
        do {
            outcome = try comparison.compare(summary, folder: folder)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        print(outcome.table)
        let failedThresholds = summary.thresholds.filter { !$0.passed }
        for t in failedThresholds { print("THRESHOLD FAILED \(t.expression)") }
        if !outcome.passed || !failedThresholds.isEmpty { throw ExitCode(ExitStatus.checkFailed.rawValue) }
    }
}
