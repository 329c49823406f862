import Foundation
import Testing

@testable import SpikeLab

/// A run folder is only ever made new: what is at `--out` is refused unless it
/// is nothing, an empty folder, or (with force) a folder SpikeLab wrote.
struct RunFolderClaimTests {
    static func folder(_ name: String) -> String {
        let dir = Fixtures.scratch("claim-\(name)")
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func refusal(_ path: String, force: Bool = false) -> RunFolder.Refused? {
        do {
            let claimed = try RunFolder(path: path, force: force)
            claimed.discard()
            return nil
        } catch {
            return error as? RunFolder.Refused
        }
    }

    /// Claims `path`, writes a SpikeLab metadata.json and one file, commits.
    static func writeRun(_ path: String, force: Bool = false, note: String = "new") throws {
        let claimed = try RunFolder(path: path, force: force)
        try claimed.write("metadata.json", #"{"spikelabVersion":"0.1.0"}"#)
        try claimed.write("note.txt", note)
        try claimed.commit()
    }

    @Test("A folder with someone's file in it is refused and the file is kept, with force too")
    func userFolderKept() throws {
        let dir = Self.folder("user")
        try FileManager.default.createDirectory(atPath: "\(dir)/out", withIntermediateDirectories: true)
        try "mine".write(toFile: "\(dir)/out/notes.txt", atomically: false, encoding: .utf8)
        for force in [false, true] {
            let refused = try #require(Self.refusal("\(dir)/out", force: force))
            #expect(refused.description.hasPrefix("\(dir)/out: the folder exists and is not empty"))
        }
        #expect(try String(contentsOfFile: "\(dir)/out/notes.txt", encoding: .utf8) == "mine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
    }

    @Test("A file, a symbolic link and a pipe are refused and left as they were")
    func nonFoldersRefused() throws {
        let dir = Self.folder("kinds")
        try "x".write(toFile: "\(dir)/file", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(dir)/target", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: "\(dir)/target")
        #expect(mkfifo("\(dir)/pipe", 0o644) == 0)
        #expect(Self.refusal("\(dir)/file", force: true)?.description.contains("is a file") == true)
        #expect(Self.refusal("\(dir)/link", force: true)?.description.contains("symbolic link") == true)
        #expect(Self.refusal("\(dir)/pipe", force: true)?.description.contains("device, socket or pipe") == true)
        #expect(Self.refusal("/dev/null", force: true)?.description.contains("device, socket or pipe") == true)
        #expect(try String(contentsOfFile: "\(dir)/file", encoding: .utf8) == "x")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/link") == "\(dir)/target")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/target").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["file", "link", "pipe", "target"])
    }

    @Test("Nothing or an empty folder is taken; a SpikeLab folder is replaced only with force")
    func forceReplacesOnlySpikeLab() throws {
        let dir = Self.folder("force")
        try Self.writeRun("\(dir)/a", note: "first")
        try FileManager.default.createDirectory(atPath: "\(dir)/empty", withIntermediateDirectories: true)
        try Self.writeRun("\(dir)/empty")
        #expect(FileManager.default.fileExists(atPath: "\(dir)/empty/note.txt"))
        let refused = try #require(Self.refusal("\(dir)/a"))
        #expect(refused.description.contains("give --force"))
        #expect(try String(contentsOfFile: "\(dir)/a/note.txt", encoding: .utf8) == "first")
        try Self.writeRun("\(dir)/a", force: true, note: "second")
        #expect(try String(contentsOfFile: "\(dir)/a/note.txt", encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a", "empty"])
    }

    @Test("A second claim of a path being written is refused, and after the commit too")
    func secondWriterRefused() throws {
        let dir = Self.folder("twice")
        let first = try RunFolder(path: "\(dir)/run")
        let busy = try #require(Self.refusal("\(dir)/run"))
        #expect(busy.description == "\(dir)/run: another SpikeLab process is writing this run folder")
        // A default path moves on to a fresh name instead, while it is written…
        let during = try RunFolder.fresh("\(dir)/run")
        #expect(during.path == "\(dir)/run-2")
        during.discard()
        try first.write("metadata.json", #"{"spikelabVersion":"0.1.0"}"#)
        try first.commit()
        #expect(Self.refusal("\(dir)/run")?.description.contains("give --force") == true)
        // …and once it is there.
        let after = try RunFolder.fresh("\(dir)/run")
        #expect(after.path == "\(dir)/run-2")
        after.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run"])
    }

    @Test("A claim removes the hidden folders of dead runs, and nothing else")
    func abandonedRemoved() throws {
        let dir = Self.folder("abandoned")
        let fm = FileManager.default
        // A dead run's folder: SpikeLab's marker, and no process holds its lock.
        try fm.createDirectory(atPath: "\(dir)/.tmp-dead-999999", withIntermediateDirectories: true)
        try "999999\n".write(toFile: "\(dir)/.tmp-dead-999999/\(RunFolder.marker)", atomically: false, encoding: .utf8)
        try "{}".write(toFile: "\(dir)/.tmp-dead-999999/summary.json", atomically: false, encoding: .utf8)
        try "1\n".write(toFile: "\(dir)/.tmp-gone.lock", atomically: false, encoding: .utf8)
        // Someone's own hidden folder: no marker.
        try fm.createDirectory(atPath: "\(dir)/.tmp-mine-1", withIntermediateDirectories: true)
        // A live run's folder (its claim holds the lock).
        let live = try RunFolder(path: "\(dir)/live")
        let claimed = try RunFolder(path: "\(dir)/next")
        let left = try fm.contentsOfDirectory(atPath: dir).sorted()
        #expect(!left.contains(".tmp-dead-999999") && !left.contains(".tmp-gone.lock"), "\(left)")
        #expect(left.contains(".tmp-mine-1"))
        #expect(fm.fileExists(atPath: live.temporary) && fm.fileExists(atPath: claimed.temporary))
        live.discard()
        claimed.discard()
        #expect(try fm.contentsOfDirectory(atPath: dir) == [".tmp-mine-1"])
    }

    @Test("A new file is never written over one; force replaces only what the check accepts")
    func newFileRefusesExisting() throws {
        let dir = Self.folder("newfile")
        try NewFile.write("one", to: "\(dir)/a.json")
        #expect(throws: NewFile.Refused.self) { try NewFile.write("two", to: "\(dir)/a.json") }
        #expect(throws: NewFile.Refused.self) { try NewFile.write("two", to: "\(dir)/a.json", replacing: { _ in false }) }
        #expect(try String(contentsOfFile: "\(dir)/a.json", encoding: .utf8) == "one")
        try NewFile.write("three", to: "\(dir)/a.json", replacing: { _ in true })
        #expect(try String(contentsOfFile: "\(dir)/a.json", encoding: .utf8) == "three")
        #expect(throws: NewFile.Refused.self) { try NewFile.write("x", to: "/dev/null", replacing: { _ in true }) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.json"])
    }
}
