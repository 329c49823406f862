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
        @Argument(help: "The baseline file to write; it must not exist yet.") var file: String
        @Flag(help: "Replace <file> if it is a SpikeLab baseline (never any other file).") var force = false

        func run() throws {
            let summary: Summary
            do {
                summary = try RunData.load(folder: folder).summary
            } catch {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            let text = String(decoding: try RunReport.encoder().encode(Baseline(summary)), as: UTF8.self) + "\n"
            do {
                try NewFile.write(text, to: file, replacing: force ? { Baseline.isBaseline(atPath: $0) } : nil)
            } catch let refused as NewFile.Refused {
                FileHandle.standardError.write(Data("\(refused.description)\n".utf8))
                throw ExitCode(ExitStatus.usage.rawValue)
            } catch {
                FileHandle.standardError.write(Data("cannot write \(file): \(error.localizedDescription)\n".utf8))
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
            print("baseline of \(summary.scenario.name) (test hash \(summary.scenario.testHash), seed \(summary.seed)) written to \(file)")
        }
    }
}
