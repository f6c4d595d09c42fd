import TelltalePipeline
import XCTest

final class PipelineErrorTests: XCTestCase {
    func testDescriptionsNameTheFileAndTheReason() {
        XCTAssertEqual(PipelineError.file("a/b.csv", reason: "cannot read").description, "a/b.csv: cannot read")
        XCTAssertEqual(PipelineError.line("m.csv", line: 3, reason: "expected 5 fields").description, "m.csv:3: expected 5 fields")
        XCTAssertEqual(PipelineError.inputs("give either feature files or datasets, not both").description,
                       "give either feature files or datasets, not both")
    }
}
