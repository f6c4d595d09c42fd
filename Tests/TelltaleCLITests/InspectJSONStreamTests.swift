import Foundation
import TelltaleFeatures
import TelltaleImaging
import TelltalePipeline
import TelltaleSupport
import XCTest
@testable import telltale

/// `inspect --json` is written record by record, so that memory does not grow with
/// the number of files; its bytes must stay those of the whole document encoded at once.
final class InspectJSONStreamTests: XCTestCase {
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
