import ArgumentParser
import Foundation
import SpikeLab

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Save a run's key figures as a baseline file.",
        subcommands: [Save.self]
    )

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write <file> from the run folder's summary.json.")

        @Argument(help: "A run folder.") var folder: String
        @Argument(help: "The baseline file to write.") var file: String

        func run() throws {
            let summary: Summary
            do {
                summary = try RunData.load(folder: folder).summary
            } catch {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            let text = String(decoding: try RunReport.encoder().encode(Baseline(summary)), as: UTF8.self) + "\n"
            do { try RunFolder.writeAtomically(text, to: file) } catch {
                FileHandle.standardError.write(Data("cannot write \(file): \(error.localizedDescription)\n".utf8))
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
            print("baseline of \(summary.scenario.name) (test hash \(summary.scenario.testHash), seed \(summary.seed)) written to \(file)")
        }
    }
}
