import Foundation

/// The report's figures as SVG text (see ``SVGLinePlot``).
public enum Figures {
    /// Matplotlib's "tab10" colours, cycled over series.
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    private static let unitTicks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]

    /// One ROC curve with its AUC in the legend and the chance diagonal.
    public static func rocCurve(_ curve: ROCCurve, auc: Double, name: String = "Detector",
                                title: String = "ROC curve") -> String {
        rocCurves([(name, curve, auc)], title: title)
    }

    /// Several ROC curves (e.g. one per generator), each labelled "name (AUC = 0.xxx)".
    public static func rocCurves(_ curves: [(name: String, curve: ROCCurve, auc: Double)],
                                 title: String = "ROC curve") -> String {
        let series = curves.enumerated().map { i, c in
            SVGLinePlot.Series(name: "\(c.name) (AUC = \(NumberFormat.fixed(c.auc, 3)))",
                               x: c.curve.falsePositiveRates, y: c.curve.truePositiveRates,
                               colour: palette[i % palette.count])
        }
        return SVGLinePlot(title: title, xLabel: "False-positive rate (reals called fake)",
                           yLabel: "True-positive rate (fakes detected)",
                           xRange: 0...1, yRange: 0...1, xTicks: unitTicks, yTicks: unitTicks,
                           series: series, legend: .bottomRight, diagonal: true).render()
    }

    /// ROC curves with the false-positive rate on a log scale, where deployment lives (1 %,
    /// 0.1 % of real photographs called fake). x is log10(FPR), from log10 of the smaller of
    /// 10⁻¹ and 1/(2·`negatives`) (no finer FPR is measurable on `negatives` reals; at least
    /// 10⁻⁴) to 0; points at FPR 0 are drawn on the left edge.
    public static func rocCurvesLogFPR(_ curves: [(name: String, curve: ROCCurve, auc: Double)], negatives: Int,
                                       title: String = "ROC curve, log FPR") -> String {
        let floor = max(1e-4, min(0.1, 1 / (2 * Double(max(negatives, 1)))))
        let left = log10(floor).rounded(.down)
        let series = curves.enumerated().map { i, c in
            SVGLinePlot.Series(name: "\(c.name) (AUC = \(NumberFormat.fixed(c.auc, 3)))",
                               x: c.curve.falsePositiveRates.map { log10(max($0, pow(10, left))) }, y: c.curve.truePositiveRates,
                               colour: palette[i % palette.count])
        }
        return SVGLinePlot(title: title, xLabel: "log10 false-positive rate (−2 = 1 % of reals called fake)",
                           yLabel: "True-positive rate (fakes detected)",
                           xRange: left...0, yRange: 0...1, xTicks: Array(stride(from: left, through: 0, by: 1)), yTicks: unitTicks,
                           series: series, legend: .topLeft).render()
    }

    /// The precision–recall curve drawn as scikit-learn's `PrecisionRecallDisplay`
    /// (post-steps, whose area is exactly the AP), with the AP in the legend.
    public static func precisionRecallCurve(_ curve: PrecisionRecallCurve, averagePrecision: Double,
                                            name: String = "Detector",
                                            title: String = "Precision-recall curve") -> String {
        let series = SVGLinePlot.Series(name: "\(name) (AP = \(NumberFormat.fixed(averagePrecision, 3)))",
                                        x: curve.recall, y: curve.precision,
                                        colour: palette[0], steps: true)
        return SVGLinePlot(title: title, xLabel: "Recall (fakes detected)", yLabel: "Precision (fake calls correct)",
                           xRange: 0...1, yRange: 0...1.0, xTicks: unitTicks, yTicks: unitTicks,
                           series: [series], legend: .bottomLeft).render()
    }

    /// The reliability diagram (scikit-learn's `CalibrationDisplay`): per non-empty bin of
    /// the ``ReliabilityCurve``, the fraction of fakes against the mean score, with the
    /// diagonal of perfect calibration; the ECE and the binning in the legend.
    public static func reliabilityDiagram(_ curve: ReliabilityCurve, name: String = "Detector",
                                          title: String = "Reliability diagram") -> String {
        let series = SVGLinePlot.Series(
            name: "\(name) (ECE = \(NumberFormat.fixed(curve.expectedCalibrationError, 3)), \(curve.binCount) bins)",
            x: curve.bins.map(\.meanScore), y: curve.bins.map(\.fractionOfFakes), colour: palette[0], markers: true)
        return SVGLinePlot(title: title, xLabel: "Mean score in the bin (predicted probability of fake)",
                           yLabel: "Fraction of fakes in the bin",
                           xRange: 0...1, yRange: 0...1, xTicks: unitTicks, yTicks: unitTicks,
                           series: [series], legend: .topLeft, diagonal: true).render()
    }

    /// Mean 1-D spectra of real and fake images (e.g. the azimuthally averaged
    /// power spectrum of Durall et al., CVPR 2020), value k plotted at `x[k]`
    /// (default: the index k, the ring radius).
    public static func spectra(real: [Double], fake: [Double], x: [Double]? = nil,
                               title: String = "Mean azimuthal spectrum",
                               xLabel: String = "Spatial frequency (ring radius)",
                               yLabel: String = "Mean power (dB)") -> String {
        let n = Swift.max(real.count, fake.count)
        let xs = x ?? (0..<n).map(Double.init)
        let all = (real + fake).filter(\.isFinite)
        let yAxis = SVGTicks.nice(lower: all.min() ?? 0, upper: all.max() ?? 1)
        let finiteX = xs.filter(\.isFinite)
        let xAxis = SVGTicks.nice(lower: finiteX.min() ?? 0, upper: finiteX.max() ?? 1)
        let series = [
            SVGLinePlot.Series(name: "Real", x: xs, y: real, colour: palette[0]),
            SVGLinePlot.Series(name: "Fake", x: xs, y: fake, colour: palette[1], dashed: true),
        ]
        return SVGLinePlot(title: title, xLabel: xLabel, yLabel: yLabel,
                           xRange: xAxis.range, yRange: yAxis.range, xTicks: xAxis.ticks, yTicks: yAxis.ticks,
                           series: series, legend: .topRight).render()
    }
}
