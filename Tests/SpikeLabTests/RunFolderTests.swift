import Foundation
import SpikeLab
import Testing

/// Where a run goes by default, and that it stays there whatever the scenario's name.
struct RunFolderTests {
    static let noon = Date(timeIntervalSince1970: 1_796_040_000)  // 2026-11-30 12:00:00 UTC

    @Test("The default folder is reports/<name>[-kind]-<UTC stamp>, the name made one safe path component", arguments: [
        ("flash-sale", nil, "reports/flash-sale-20261130-120000"),
        ("flash-sale", "sweep", "reports/flash-sale-sweep-20261130-120000"),
        ("Flash sale: 20×", nil, "reports/Flash-sale-20-20261130-120000"),
        ("a/../../b", nil, "reports/a-..-..-b-20261130-120000"),
        ("../x", "serve", "reports/x-serve-20261130-120000"),
        ("..", nil, "reports/run-20261130-120000"),
        ("ünï", nil, "reports/n-20261130-120000"),
        ("☃ ☃", nil, "reports/run-20261130-120000"),
        (String(repeating: "y", count: 300), nil, "reports/" + String(repeating: "y", count: 80) + "-20261130-120000"),
    ] as [(String, String?, String)])
    func defaultPath(_ name: String, _ kind: String?, _ expected: String) {
        let path = RunFolder.defaultPath(scenario: name, kind: kind, startedAt: Self.noon)
        #expect(path == expected)
        #expect(path.split(separator: "/").count == 2)
        #expect(!path.split(separator: "/")[1].hasPrefix("."))
    }
}
