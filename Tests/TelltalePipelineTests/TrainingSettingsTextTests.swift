import TelltalePipeline
import XCTest

final class TrainingSettingsTextTests: XCTestCase {
    func testNumberListsRoundTripAndRefuseWhatIsNotANumber() {
        XCTAssertEqual(TrainingSettings.numbers("0.01, 0.1,1"), [0.01, 0.1, 1])
        XCTAssertEqual(TrainingSettings.text(numbers: [0.01, 0.1, 1]), "0.01,0.1,1")
        XCTAssertEqual(TrainingSettings.text(numbers: TrainingSettings.defaults.cs), "1")
        for bad in ["", "1,x", "nan", "1,inf"] { XCTAssertNil(TrainingSettings.numbers(bad), bad) }
    }

    func testLayerGridsRoundTripAndRefuseNonPositiveSizes() {
        XCTAssertEqual(TrainingSettings.layerGrid("64;128, 32"), [[64], [128, 32]])
        XCTAssertEqual(TrainingSettings.text(layerGrid: [[64], [128, 32]]), "64;128,32")
        XCTAssertEqual(TrainingSettings.layerGrid(TrainingSettings.text(layerGrid: TrainingSettings.defaults.hidden)),
                       TrainingSettings.defaults.hidden)
        for bad in ["", "64;0", "64;-1", "a", "1.5"] { XCTAssertNil(TrainingSettings.layerGrid(bad), bad) }
    }
}
