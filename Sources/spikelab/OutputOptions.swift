import ArgumentParser
import Foundation
import SpikeLab

/// `--out DIR [--force]`, shared by the commands that write a run folder: the
/// folder is claimed before anything runs, so a refused path costs nothing.
struct OutputOptions: ParsableArguments {
    @Option(help: "The folder to write; it must not exist yet, or be an empty folder (default: a new folder under reports/).")
    var out: String?

    @Flag(help: "Replace --out if it is a folder SpikeLab wrote (never a file, a link or anyone else's folder).")
    var force = false

    /// Claims `--out`, or a fresh default path; on a refusal, prints it and
    /// exits 64 (nothing run, nothing written); on a file-system error, 74.
    func claim(defaultPath: String) throws -> RunFolder {
        do {
            if let out { return try RunFolder(path: out, force: force) }
            if force { throw RunFolder.Refused(description: "--force needs --out") }
            return try RunFolder.fresh(defaultPath)
        } catch let refused as RunFolder.Refused {
            FileHandle.standardError.write(Data("\(refused.description)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        } catch {
            let path = out ?? defaultPath
            FileHandle.standardError.write(Data("cannot write \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
    }

    /// Writes a run's folder into the claimed `folder`; on failure, prints why
    /// and exits 74.
    static func write(_ result: RunResult, metadata: RunMetadata, into folder: RunFolder) throws -> Summary {
        do {
            return try RunReport.write(result, metadata: metadata, into: folder)
        } catch {
            FileHandle.standardError.write(Data("cannot write the report to \(folder.path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
    }
}
