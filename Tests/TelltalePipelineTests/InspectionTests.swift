import Foundation
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport
import TelltaleTestSupport
import XCTest

/// `inspect`: each file's facts or its failure, and the JSON document streamed record by record.
final class InspectionTests: XCTestCase {
    func testBadFilesAreRecordsAndTheRunGoesOn() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet(perClass: 2)
        try tmp.write("fake/zero.png", bytes: [])
        try tmp.write("fake/text.jpg", text: "hello")
        let reporter = RecordingReporter()
        let (summary, json) = try Pipeline.inspectJSON([root], reporter: reporter)
        XCTAssertEqual(summary.failed, 2, "a failed file (the exit status is 1)")
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
        let report = try JSONDecoder().decode(Report.self, from: json)
        XCTAssertEqual(report.summary.files, 6)
        XCTAssertEqual(report.summary.failed, 2)
        let byName = Dictionary(uniqueKeysWithValues: report.files.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        XCTAssertEqual(byName["zero.png"]?.error?.kind, "empty")
        XCTAssertEqual(byName["text.jpg"]?.error?.kind, "unknown-format")
        XCTAssertEqual(byName["img_00.jpg"]?.facts?.format, "jpeg")
        XCTAssertEqual(byName["img_00.jpg"]?.facts?.estimatedQuality, 92)
        XCTAssertEqual(byName["img_00.png"]?.facts?.width, 48)
        XCTAssertTrue(reporter.text.contains("zero.png: empty file"), reporter.text)
    }

    func testMemoryBudgetRefusesFilesOverIt() throws {
        let tmp = try makeTemporaryDirectory()
        let root = try tmp.labelledSet(perClass: 2, side: 32)
        let reporter = RecordingReporter()
        let (summary, _) = try Pipeline.inspectJSON([root], memoryBudget: 1024, reporter: reporter)
        XCTAssertGreaterThan(summary.failed, 0)
        XCTAssertTrue(reporter.text.contains("memory budget"), reporter.text)
    }

    /// `inspect --json` is written record by record, so that memory does not grow with
    /// the number of files; its bytes must stay those of the whole document encoded at once.
    func testStreamedDocumentEqualsTheWholeEncoding() throws {
        let png = try ImageDecoder.facts(of: try ImageEncoder.png(Image(width: 3, height: 2, channels: 1, pixels: [0, 1, 2, 3, 4, 5])))
        let jpeg = try ImageDecoder.facts(of: try ImageEncoder.jpeg(Image(width: 16, height: 16, channels: 3,
                                                                           pixels: [UInt8](repeating: 90, count: 768)), quality: 80))
        let records = [
            InspectRecord(path: "a.png", facts: png, error: nil),
            InspectRecord(path: "b/c.jpg", facts: jpeg, error: nil),
            InspectRecord(path: "d.jpg", facts: nil, error: .init(kind: "truncated", reason: "truncated: no more rows")),
        ]
        for count in 0...records.count {
            let summary = InspectReport.Summary(files: count, failed: count == 3 ? 1 : 0, skipped: nil)
            let whole = try CanonicalJSON.encode(InspectReport(files: Array(records.prefix(count)), summary: summary))
            var streamed = ""
            for record in records.prefix(count) {
                streamed += try InspectJSONStream.text(for: record, index: records.firstIndex { $0.path == record.path }!)
            }
            streamed += try InspectJSONStream.closing(summary: summary, count: count)
            XCTAssertEqual(streamed, String(decoding: whole, as: UTF8.self), "\(count) record(s)")
        }
    }
}

/// The memory a transform takes beyond the decoded image, which extraction counts
/// against the budget before decoding.
final class ImageTransformMemoryTests: XCTestCase {
    func testWorkingCopies() {
        XCTAssertEqual(ImageTransform.none.workingCopies(centreCrop: 256), 0)
        // A blur feeding the centre crop blurs only the crop.
        XCTAssertEqual(ImageTransform(perturbation: .blur(sigma: 2)).workingCopies(centreCrop: 256), 0)
        XCTAssertEqual(ImageTransform(perturbation: .blur(sigma: 2)).workingCopies(centreCrop: nil), 5)
        XCTAssertEqual(ImageTransform(perturbation: .jpeg(quality: 75)).workingCopies(centreCrop: 256), 2)
        XCTAssertEqual(ImageTransform(perturbation: .resize(scale: 0.5)).workingCopies(centreCrop: 256), 0.25)
        XCTAssertEqual(ImageTransform(augmentation: (Augmentation(), seed: 0)).workingCopies(centreCrop: 256), 5)
        XCTAssertEqual(ImageTransform(neutralise: Neutralisation(cropSize: 256, jpegQuality: 90)).workingCopies(centreCrop: 256), 0)
    }
}
