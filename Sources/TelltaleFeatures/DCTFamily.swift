import Foundation

/// The log-magnitude DCT spectrum of Frank, Eisenhofer, Schönherr, Fischer, Kolossa &
/// Holz, "Leveraging Frequency Analysis for Deep Fake Image Recognition" (ICML 2020).
///
/// For each plane `X` (`n × n`, luminance or each of R, G, B per ``ColourMode``):
/// 1. `D = C X Cᵀ`, the orthonormal 2-D DCT-II (``FFT2D/dct(_:rows:cols:)``: one FFTW
///    real-to-complex FFT by Makhoul's reordering — measured faster than the GEMMs of
///    ``Transform2D/dct(_:rows:cols:)`` and than FFTW's `REDFT10`);
/// 2. `L = ln(|D| + ε)` with `ε = 1e-12` as in the paper (finite for every `D`, since `ε > 0`
///    is a normal float);
/// 3. `L` mean-pooled over a `G × G` grid of cells in coefficient space (the cells of
///    ``GridPooling/mean(_:rows:cols:gridRows:gridCols:)``; each cell's sum of logarithms
///    is taken as the logarithm of a product, ``LogSum``): cell `(u, v)` averages the
///    log-magnitudes of the frequency band rows `⌊u n/G⌋…`, columns `⌊v n/G⌋…`, so that
///    linear models stay small. With `grid == nil` the full spectrum is kept (`G = cropSize`,
///    one value per coefficient; a smaller crop is resampled to that grid by nearest
///    neighbour, so the length never depends on the image).
///
/// The paper z-scores every coefficient with training-set statistics; that is left to the
/// learning stage's standardiser (configuration is kept apart from learned state).
///
/// Output: `G²` values per plane, named `dct.<plane>.u<row>v<col>` with `<plane>` one of
/// `y`, `r`, `g`, `b`, e.g. `dct.y.u00v00` (the DC band) … `dct.y.u15v15`.
public struct DCTFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        /// Cells per side of the pooling grid; `nil` keeps every coefficient (`cropSize²` values).
        public var grid: Int?
        /// Added to `|D|` before the log (the paper's `1e-12`).
        public var epsilon: Double

        public init(grid: Int? = 16, epsilon: Double = 1e-12) {
            self.grid = grid
            self.epsilon = epsilon
        }
    }

    public static let name = "dct"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode

    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
    }

    /// Cells per side of the output grid.
    public var gridSide: Int { parameters.grid ?? cropSize }

    public var featureNames: [String] {
        let g = gridSide, w = String(g - 1).count
        return colour.planeTags.flatMap { tag in
            (0..<(g * g)).map { "\(Self.name).\(tag).u\(zeroPadded($0 / g, width: w))v\(zeroPadded($0 % g, width: w))" }
        }
    }

    public func extract(_ input: FeatureInput) -> [Float] {
        extract(batch: [input])[0]
    }

    public func extract(batch: [FeatureInput]) -> [[Float]] {
        PlaneBatch.map(batch, colour: colour) { planes, side in
            let workspace = FFT2D.Workspace(rows: side, cols: side)
            var coefficients = [Float](repeating: 0, count: side * side)
            return planes.map { plane in
                coefficients.withUnsafeMutableBufferPointer { d in
                    plane.withUnsafeBufferPointer { FFT2D.dct($0, workspace: workspace, into: d.baseAddress!) }
                    return features(ofCoefficients: d, side: side)
                }
            }
        }.map { $0.flatMap { $0 } }
    }

    /// Steps 2–3 on the DCT coefficients of one `side × side` plane (overwritten with
    /// `|D| + ε`). Each cell's sum of logarithms is the logarithm of a product
    /// (``LogSum``, exact up to double rounding): one `log` call per cell.
    func features(ofCoefficients d: UnsafeMutableBufferPointer<Float>, side: Int) -> [Float] {
        let eps = Float(parameters.epsilon)
        for i in d.indices { d[i] = abs(d[i]) + eps }
        let g = gridSide
        let cells = GridPooling.bounds(side, g)
        var out = [Float]()
        out.reserveCapacity(g * g)
        let base = UnsafePointer(d.baseAddress!)
        for r in cells {
            for c in cells {
                var sum = LogSum()
                for y in r { sum.add(base + y * side + c.lowerBound, count: c.count) }
                out.append(Float(sum.value / Double(r.count * c.count)))
            }
        }
        return out
    }
}
