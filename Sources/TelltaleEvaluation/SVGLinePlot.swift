/// A minimal line plot rendered as an SVG document: axes with ticks and labels,
/// a light grid, a title, a legend, optional y = x reference line.
///
/// Rendering is a pure function of the value: coordinates are printed with two
/// decimals in the POSIX locale and consecutive points that land on the same
/// printed coordinate are merged, so the text is deterministic and compact.
public struct SVGLinePlot: Sendable, Hashable {
    /// One line of the plot.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// An SVG colour, e.g. "#1f77b4".
        public var colour: String
        public var dashed: Bool
        /// Draw as a post-step function (horizontal to the next x, then vertical),
        /// like matplotlib's `drawstyle="steps-post"`.
        public var steps: Bool
        /// Mark each point with a small filled square (matplotlib's `marker="s"`).
        public var markers: Bool

        public init(name: String, x: [Double], y: [Double], colour: String, dashed: Bool = false, steps: Bool = false,
                    markers: Bool = false) {
            self.name = name
            self.x = x
            self.y = y
            self.colour = colour
            self.dashed = dashed
            self.steps = steps
            self.markers = markers
        }
    }

    /// Where the legend box goes.
    public enum LegendPlacement: String, Sendable, Hashable {
        case topRight, bottomRight, bottomLeft, topLeft
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var xTicks: [Double]
    public var yTicks: [Double]
    public var series: [Series]
    public var legend: LegendPlacement
    /// Draw the dashed y = x chance line (ROC plots).
    public var diagonal: Bool
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, yLabel: String,
                xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                xTicks: [Double], yTicks: [Double], series: [Series],
                legend: LegendPlacement = .bottomRight, diagonal: Bool = false,
                width: Double = 480, height: Double = 400) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = xRange
        self.yRange = yRange
        self.xTicks = xTicks
        self.yTicks = yTicks
        self.series = series
        self.legend = legend
        self.diagonal = diagonal
        self.width = width
        self.height = height
    }

    // Margins of the plotting area.
    private var left: Double { 64 }
    private var right: Double { width - 16 }
    private var top: Double { 40 }
    private var bottom: Double { height - 52 }

    private func px(_ x: Double) -> Double {
        let span = xRange.upperBound - xRange.lowerBound
        return left + (span > 0 ? (x - xRange.lowerBound) / span : 0.5) * (right - left)
    }

    private func py(_ y: Double) -> Double {
        let span = yRange.upperBound - yRange.lowerBound
        return bottom - (span > 0 ? (y - yRange.lowerBound) / span : 0.5) * (bottom - top)
    }

    private static func f(_ v: Double) -> String { NumberFormat.fixed(v, 2) }

    /// The SVG document (UTF-8 text, one element per line, ending with a newline).
    public func render() -> String {
        let f = SVGLinePlot.f
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        out += "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(f((left + right) / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(SVGLinePlot.escape(title))</text>\n"

        // Grid and ticks.
        let xDigits = SVGTicks.decimals(for: xTicks), yDigits = SVGTicks.decimals(for: yTicks)
        out += "<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n"
        for t in xTicks where xRange.contains(t) {
            out += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(bottom))\"/>\n"
        }
        for t in yTicks where yRange.contains(t) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(right))\" y2=\"\(f(py(t)))\"/>\n"
        }
        out += "</g>\n"
        out += "<g stroke=\"#000000\" stroke-width=\"1\">\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\"/>\n"
        for t in xTicks where xRange.contains(t) {
            out += "<line x1=\"\(f(px(t)))\" y1=\"\(f(bottom))\" x2=\"\(f(px(t)))\" y2=\"\(f(bottom + 5))\"/>\n"
        }
        for t in yTicks where yRange.contains(t) {
            out += "<line x1=\"\(f(left - 5))\" y1=\"\(f(py(t)))\" x2=\"\(f(left))\" y2=\"\(f(py(t)))\"/>\n"
        }
        out += "</g>\n<g fill=\"#000000\">\n"
        for t in xTicks where xRange.contains(t) {
            out += "<text x=\"\(f(px(t)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">\(NumberFormat.fixed(t, xDigits))</text>\n"
        }
        for t in yTicks where yRange.contains(t) {
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(NumberFormat.fixed(t, yDigits))</text>\n"
        }
        out += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(SVGLinePlot.escape(xLabel))</text>\n"
        let yMid = (top + bottom) / 2
        out += "<text x=\"16\" y=\"\(f(yMid))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(yMid)))\">\(SVGLinePlot.escape(yLabel))</text>\n"
        out += "</g>\n"

        if diagonal {
            let lo = Swift.max(xRange.lowerBound, yRange.lowerBound), hi = Swift.min(xRange.upperBound, yRange.upperBound)
            out += "<line x1=\"\(f(px(lo)))\" y1=\"\(f(py(lo)))\" x2=\"\(f(px(hi)))\" y2=\"\(f(py(hi)))\" "
            out += "stroke=\"#999999\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>\n"
        }

        for s in series {
            out += "<polyline fill=\"none\" stroke=\"\(SVGLinePlot.escape(s.colour))\" stroke-width=\"2\""
            if s.dashed { out += " stroke-dasharray=\"6 3\"" }
            out += " points=\"\(points(of: s))\"/>\n"
            if s.markers {
                out += "<g fill=\"\(SVGLinePlot.escape(s.colour))\">\n"
                for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite {
                    out += "<rect x=\"\(f(px(x) - 3))\" y=\"\(f(py(y) - 3))\" width=\"6\" height=\"6\"/>\n"
                }
                out += "</g>\n"
            }
        }
        out += legendGroup()
        out += "</svg>\n"
        return out
    }

    private func points(of s: Series) -> String {
        var coordinates: [String] = []
        var previousY: Double?
        for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite {
            if s.steps, let py0 = previousY {
                coordinates.append("\(SVGLinePlot.f(px(x))),\(SVGLinePlot.f(py(py0)))")
            }
            coordinates.append("\(SVGLinePlot.f(px(x))),\(SVGLinePlot.f(py(y)))")
            previousY = y
        }
        var merged: [String] = []
        for c in coordinates where merged.last != c { merged.append(c) }
        return merged.joined(separator: " ")
    }

    private func legendGroup() -> String {
        guard !series.isEmpty else { return "" }
        let f = SVGLinePlot.f
        let lineHeight = 18.0
        let longest = series.map(\.name.count).max() ?? 0
        let boxWidth = 40 + 6.6 * Double(longest)
        let boxHeight = 8 + lineHeight * Double(series.count)
        let x0: Double, y0: Double
        switch legend {
        case .topRight: x0 = right - boxWidth - 8; y0 = top + 8
        case .bottomRight: x0 = right - boxWidth - 8; y0 = bottom - boxHeight - 8
        case .bottomLeft: x0 = left + 8; y0 = bottom - boxHeight - 8
        case .topLeft: x0 = left + 8; y0 = top + 8
        }
        var out = "<g>\n<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(boxWidth))\" height=\"\(f(boxHeight))\" "
        out += "fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#cccccc\"/>\n"
        for (i, s) in series.enumerated() {
            let y = y0 + 4 + lineHeight * (Double(i) + 0.5)
            out += "<line x1=\"\(f(x0 + 6))\" y1=\"\(f(y))\" x2=\"\(f(x0 + 30))\" y2=\"\(f(y))\" stroke=\"\(SVGLinePlot.escape(s.colour))\" stroke-width=\"2\""
            if s.dashed { out += " stroke-dasharray=\"6 3\"" }
            out += "/>\n<text x=\"\(f(x0 + 36))\" y=\"\(f(y + 4))\">\(SVGLinePlot.escape(s.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// Escapes the five XML special characters.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
