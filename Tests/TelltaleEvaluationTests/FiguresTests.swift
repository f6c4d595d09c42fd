import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import TelltaleEvaluation

/// Collects element names and text while checking that an SVG parses as XML.
private final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var text = ""
    var rootAttributes: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if elements.isEmpty { rootAttributes = attributeDict }
        elements[elementName, default: 0] += 1
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ svg: String) -> SVGCollector? {
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }
}

final class FiguresTests: XCTestCase {
    func testROCFigureIsWellFormedWithAUCInLegend() throws {
        let data = try SklearnFixture.load().named("balanced").data
        let svg = Figures.rocCurve(try data.rocCurve(), auc: try data.rocAUC(), name: "Spectrum & LR <test>")
        let parsed = try XCTUnwrap(SVGCollector.parse(svg), "not well-formed XML")
        XCTAssertEqual(parsed.rootAttributes["xmlns"], "http://www.w3.org/2000/svg")
        XCTAssertEqual(parsed.elements["svg"], 1)
        XCTAssertEqual(parsed.elements["polyline"], 1)
        XCTAssertTrue(parsed.text.contains("Spectrum & LR <test> (AUC = 0.966)"))
        XCTAssertTrue(parsed.text.contains("False-positive rate"))
        XCTAssertTrue(parsed.text.contains("True-positive rate"))
        for tick in ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"] { XCTAssertTrue(parsed.text.contains(tick), tick) }
        XCTAssertTrue(svg.contains("stroke-dasharray=\"4 4\""), "chance diagonal")
        XCTAssertEqual(svg, Figures.rocCurve(try data.rocCurve(), auc: try data.rocAUC(), name: "Spectrum & LR <test>"))
    }

    func testPRFigureIsWellFormedWithAPInLegend() throws {
        let data = try SklearnFixture.load().named("ties").data
        let svg = Figures.precisionRecallCurve(try data.precisionRecallCurve(), averagePrecision: try data.averagePrecision())
        let parsed = try XCTUnwrap(SVGCollector.parse(svg))
        XCTAssertTrue(parsed.text.contains("(AP = 0.948)"))
        XCTAssertTrue(parsed.text.contains("Recall"))
        XCTAssertTrue(parsed.text.contains("Precision"))
        XCTAssertEqual(parsed.elements["polyline"], 1)
    }

    func testSpectraFigureHasTwoSeriesAndNiceTicks() throws {
        let real = (0..<80).map { -20 * log10(1 + Double($0)) + 60 }
        let fake = (0..<80).map { -18 * log10(1 + Double($0)) + 62 + ($0 > 60 ? 5 : 0) }
        let svg = Figures.spectra(real: real, fake: fake)
        let parsed = try XCTUnwrap(SVGCollector.parse(svg))
        XCTAssertEqual(parsed.elements["polyline"], 2)
        XCTAssertTrue(parsed.text.contains("Real"))
        XCTAssertTrue(parsed.text.contains("Fake"))
        XCTAssertTrue(parsed.text.contains("Mean power (dB)"))
        XCTAssertEqual(svg, Figures.spectra(real: real, fake: fake))
    }

    func testReliabilityDiagramIsWellFormedWithECEInLegend() throws {
        let data = try SklearnFixture.load().named("balanced").data
        let curve = try data.reliabilityCurve()
        let svg = Figures.reliabilityDiagram(curve)
        let parsed = try XCTUnwrap(SVGCollector.parse(svg), "not well-formed XML")
        XCTAssertEqual(parsed.elements["polyline"], 1)
        XCTAssertEqual(parsed.elements["rect"], 1 + 1 + curve.bins.count, "background, legend box, one marker a bin")
        XCTAssertTrue(parsed.text.contains("(ECE = \(NumberFormat.fixed(curve.expectedCalibrationError, 3)), 10 bins)"))
        XCTAssertTrue(parsed.text.contains("Fraction of fakes in the bin"))
        XCTAssertTrue(svg.contains("stroke-dasharray=\"4 4\""), "the diagonal of perfect calibration")
        XCTAssertEqual(svg, Figures.reliabilityDiagram(curve))
    }

    func testNiceTicks() {
        let a = SVGTicks.nice(lower: 0.03, upper: 0.97)
        XCTAssertEqual(a.ticks.count, 6)
        XCTAssertEqual(a.ticks.first, 0)
        XCTAssertEqual(a.ticks.last ?? 0, 1, accuracy: 1e-12)
        let b = SVGTicks.nice(lower: 22.5, upper: 63.1)
        XCTAssertEqual(b.ticks, [20, 30, 40, 50, 60, 70])
        XCTAssertEqual(b.range, 20...70)
        XCTAssertEqual(SVGTicks.decimals(for: b.ticks), 0)
        XCTAssertEqual(SVGTicks.decimals(for: [0, 0.2]), 1)
        let flat = SVGTicks.nice(lower: 3, upper: 3)
        XCTAssertLessThan(flat.range.lowerBound, 3)
        XCTAssertGreaterThan(flat.range.upperBound, 3)
    }
}
