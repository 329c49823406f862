import ArgumentParser
import Foundation
import SpikeLab

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html from a run folder's data files, without running again."
    )

    @Argument(help: "A run folder written by `spikelab run`.")
    var folder: String

    func run() throws {
        let data: RunData
        do {
            data = try RunData.load(folder: folder)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let path = "\(folder)/report.html"
        do {
            try RunFolder.writeAtomically(HTMLReport.render(data), to: path)
        } catch {
            FileHandle.standardError.write(Data("cannot write \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
        print("report: \(path)")
    }
}
