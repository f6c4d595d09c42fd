import Foundation
import XCTest

final class InspectCommandTests: CLITestCase {
    func testVersionAndHelp() throws {
        let version = try telltale(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let help = try telltale(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("inspect"))
    }

    func testInspectReportsBadFilesAndGoesOn() throws {
        let root = try makeDataset(in: try temporaryDirectory(), perClass: 2)
        let fake = root.appendingPathComponent("fake")
        FileManager.default.createFile(atPath: fake.appendingPathComponent("zero.png").path, contents: Data())
        FileManager.default.createFile(atPath: fake.appendingPathComponent("text.jpg").path, contents: Data("hello".utf8))
        let run = try telltale(["inspect", root.path, "--json"])
        XCTAssertEqual(run.status, 1, "a failed file makes the exit status non-zero")
        struct Report: Decodable {
            struct File: Decodable {
                struct Facts: Decodable { let format: String; let width: Int; let estimatedQuality: Int? }
                struct Failure: Decodable { let kind: String; let reason: String }
                let path: String
                let facts: Facts?
                let error: Failure?
            }
            struct Summary: Decodable { let files: Int; let failed: Int }
            let files: [File]
            let summary: Summary
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        XCTAssertEqual(report.summary.files, 6)
        XCTAssertEqual(report.summary.failed, 2)
        let byName = Dictionary(uniqueKeysWithValues: report.files.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        XCTAssertEqual(byName["zero.png"]?.error?.kind, "empty")
        XCTAssertEqual(byName["text.jpg"]?.error?.kind, "unknown-format")
        XCTAssertEqual(byName["img_00.jpg"]?.facts?.format, "jpeg")
        XCTAssertEqual(byName["img_00.jpg"]?.facts?.estimatedQuality, 92)
        XCTAssertEqual(byName["img_00.png"]?.facts?.width, 48)
        XCTAssertTrue(run.stderr.contains("zero.png: empty file"))
    }

    func testInspectTable() throws {
        let root = try makeDataset(in: try temporaryDirectory(), perClass: 1)
        let run = try telltale(["inspect", root.path])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("4:2:0"))
        XCTAssertTrue(run.stdout.contains("2 file(s), 0 failed"))
    }
}
