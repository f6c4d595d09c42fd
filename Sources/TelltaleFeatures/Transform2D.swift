/// Separable 2-D transforms as matrix products (OpenBLAS `cblas_sgemm`), batched over
/// several planes of one size.
///
/// For an `r × c` plane `X` and a transform matrix `T_n`, the 2-D transform is
/// `T_r X T_cᵀ`. With planes stacked vertically, the right product `X_i T_cᵀ` of every
/// plane is ONE GEMM of `(b·r) × c` by `c × c`; each block is then transposed so that
/// the left product becomes a right product too, `(T_r X_i T_cᵀ)ᵀ = (X_i T_cᵀ)ᵀ T_rᵀ`,
/// a second single GEMM. The DFT uses real cosine/sine matrices: with `P = X C_cᵀ`,
/// `Q = X S_cᵀ`, `F = (C_r − iS_r) X (C_c − iS_c)ᵀ = (C_r P − S_r Q) − i (C_r Q + S_r P)`.
/// Because `X` is real, `F(−k, −l) = conj F(k, l)`: only the column frequencies
/// `0…⌊c/2⌋` are computed (``DFTMatrix/halfCosSin(_:)``, rows in natural order; the row
/// matrix is ``DFTMatrix/centredCosSin(_:)``), which halves both GEMMs, and the other
/// half of the plane is filled by symmetry.
///
/// Precision: the products are single precision. To keep the large zero-frequency
/// term from swamping the rest, each plane's mean `μ` (computed in double) is
/// subtracted first — which changes only the zero-frequency coefficient — and that
/// coefficient is then set exactly: `Σ X` for the DFT, `Σ X / √(r c)` for the DCT.
/// A constant plane therefore transforms to exact zeros away from the origin.
///
/// When both sides are powers of two (the default 256² crops) the same transforms are
/// computed by radix-2 FFTs instead (``FFT``; about 5× faster at 256², and more accurate),
/// with the same mean removal and exact zero-frequency term.
public enum Transform2D {
    /// Planes per GEMM: enough to amortise the call, small enough to stay in memory (16 × 256² floats = 4 MiB).
    public static let maximumBatch = 16

    /// Orthonormal 2-D DCT-II of each `rows × cols` plane (row-major in and out),
    /// equal to `scipy.fft.dctn(X, norm="ortho")`.
    public static func dct(_ planes: [[Float]], rows: Int, cols: Int) -> [[Float]] {
        if FFT.isPowerOfTwo(rows) && FFT.isPowerOfTwo(cols) { return planes.map { fftDCT($0, rows: rows, cols: cols) } }
        return gemmDCT(planes, rows: rows, cols: cols)
    }

    /// ``dct(_:rows:cols:)`` by matrix products, whatever the sizes (public so that the
    /// benchmarks can time both paths).
    public static func gemmDCT(_ planes: [[Float]], rows: Int, cols: Int) -> [[Float]] {
        chunked(planes) { dctBatch($0, rows: rows, cols: cols) }
    }

    /// 2-D DFT of each `rows × cols` real plane, `F[u][v] = Σ X[y][x] e^{−2πi(u y / rows + v x / cols)}`,
    /// in centred (`fftshift`) order: the zero frequency at `(⌊rows/2⌋, ⌊cols/2⌋)`.
    public static func centredDFT(_ planes: [[Float]], rows: Int, cols: Int) -> [ComplexPlane] {
        if rows >= 2 && cols >= 2 && FFT.isPowerOfTwo(rows) && FFT.isPowerOfTwo(cols) {
            return planes.map { fftCentredDFT($0, rows: rows, cols: cols) }
        }
        return gemmCentredDFT(planes, rows: rows, cols: cols)
    }

    /// ``centredDFT(_:rows:cols:)`` by matrix products, whatever the sizes (public so that
    /// the benchmarks can time both paths).
    public static func gemmCentredDFT(_ planes: [[Float]], rows: Int, cols: Int) -> [ComplexPlane] {
        chunked(planes) { dftBatch($0, rows: rows, cols: cols) }
    }

    /// The DCT of one plane with power-of-two sides: along the columns, transpose, along
    /// the (former) rows, transpose back.
    private static func fftDCT(_ plane: [Float], rows: Int, cols: Int) -> [Float] {
        let n = rows * cols
        let (x, sums) = stackCentred([plane][...], count: n)
        let pr = TransformCache.shared.fftPlan(rows), pc = TransformCache.shared.fftPlan(cols)
        var a = x, b = [Float](repeating: 0, count: n), scratch = [Float](repeating: 0, count: 2 * n)
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                scratch.withUnsafeMutableBufferPointer { s in
                    FFT.dctAlongFirstAxis(a.baseAddress!, m: cols, plan: pr, scratch: s.baseAddress!)
                    FFT.transpose(a.baseAddress!, b.baseAddress!, rows: rows, cols: cols)
                    FFT.dctAlongFirstAxis(b.baseAddress!, m: rows, plan: pc, scratch: s.baseAddress!)
                    FFT.transpose(b.baseAddress!, a.baseAddress!, rows: cols, cols: rows)
                }
            }
        }
        a[0] = Float(sums[0] / Double(n).squareRoot())
        return a
    }

    /// The centred DFT of one real plane with power-of-two sides (both ≥ 2), using the
    /// symmetry of a real input's transform twice:
    /// 1. Along the columns, the left and right halves of the plane go through one complex
    ///    transform as `z = X_left + i X_right` (half the work); with `Z` its transform,
    ///    column `j` is `A[u] = (Z[u] + conj Z[−u]) / 2` and column `j + c/2` is
    ///    `B[u] = (Z[u] − conj Z[−u]) / 2i`. Only the row frequencies `u = 0…r/2` are kept.
    /// 2. Along the rows, only those `r/2 + 1` rows are transformed; the other rows follow
    ///    from `F(−u, −v) = conj F(u, v)`.
    private static func fftCentredDFT(_ plane: [Float], rows r: Int, cols c: Int) -> ComplexPlane {
        let n = r * c, half = c / 2, kept = r / 2 + 1
        let (x, sums) = stackCentred([plane][...], count: n)
        let pr = TransformCache.shared.fftPlan(r), pc = TransformCache.shared.fftPlan(c)
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 2 * r * half + 4 * kept * c)
        defer { buffer.deallocate() }
        let zr = buffer, zi = zr + r * half
        let yr = zi + r * half, yi = yr + kept * c, tr = yi + kept * c, ti = tr + kept * c
        x.withUnsafeBufferPointer { xs in
            let src = xs.baseAddress!
            for t in 0..<r {
                (zr + t * half).update(from: src + t * c, count: half)
                (zi + t * half).update(from: src + t * c + half, count: half)
            }
        }
        FFT.alongFirstAxis(re: zr, im: zi, m: half, plan: pr)
        // Y[u][x] for u ≤ r/2: Z[u] and Z[−u] separated into the two halves' columns.
        for u in 0..<kept {
            let a = u * half, b = ((r - u) % r) * half, row = u * c
            for j in 0..<half {
                let pRe = zr[a + j], pIm = zi[a + j], qRe = zr[b + j], qIm = zi[b + j]
                yr[row + j] = 0.5 * (pRe + qRe)
                yi[row + j] = 0.5 * (pIm - qIm)
                yr[row + half + j] = 0.5 * (pIm + qIm)
                yi[row + half + j] = 0.5 * (qRe - pRe)
            }
        }
        FFT.transpose(yr, tr, rows: kept, cols: c)
        FFT.transpose(yi, ti, rows: kept, cols: c)
        FFT.alongFirstAxis(re: tr, im: ti, m: kept, plan: pc)
        // T[v][u] = F(u, v): centre it (fftshift), and mirror the rows u = 1…r/2 − 1.
        var outRe = [Float](repeating: 0, count: n), outIm = [Float](repeating: 0, count: n)
        let cy = r / 2, cx = c / 2
        outRe.withUnsafeMutableBufferPointer { oRe in
            outIm.withUnsafeMutableBufferPointer { oIm in
                // (No integer division in the inner loop: u + cy and r − u + cy are below 2r.)
                for v in 0..<c {
                    let column = (v + cx) % c, mirroredColumn = ((c - v) % c + cx) % c
                    for u in 0..<kept {
                        let re = tr[v * kept + u], im = ti[v * kept + u]
                        let row = u + cy < r ? u + cy : u + cy - r
                        oRe[row * c + column] = re
                        oIm[row * c + column] = im
                        if u > 0 && u < r - u {
                            let mirroredRow = r - u + cy < r ? r - u + cy : cy - u
                            oRe[mirroredRow * c + mirroredColumn] = re
                            oIm[mirroredRow * c + mirroredColumn] = -im
                        }
                    }
                }
            }
        }
        outRe[cy * c + cx] = Float(sums[0])
        outIm[cy * c + cx] = 0
        return ComplexPlane(rows: r, cols: c, real: outRe, imaginary: outIm)
    }

    private static func chunked<T>(_ planes: [[Float]], _ body: (ArraySlice<[Float]>) -> [T]) -> [T] {
        var out = [T]()
        out.reserveCapacity(planes.count)
        var start = 0
        while start < planes.count {
            let end = min(start + maximumBatch, planes.count)
            out.append(contentsOf: body(planes[start..<end]))
            start = end
        }
        return out
    }

    /// Stacks mean-removed planes; returns the stacked buffer and each plane's sum.
    private static func stackCentred(_ planes: ArraySlice<[Float]>, count n: Int) -> ([Float], [Double]) {
        var stacked = [Float](repeating: 0, count: planes.count * n)
        var sums = [Double]()
        sums.reserveCapacity(planes.count)
        for (i, p) in planes.enumerated() {
            precondition(p.count == n, "plane size does not match rows × cols")
            var s = 0.0
            for v in p { s += Double(v) }
            let mean = Float(s / Double(n))
            for j in 0..<n { stacked[i * n + j] = p[j] - mean }
            sums.append(s)
        }
        return (stacked, sums)
    }

    /// Writes the transpose of each `rows × cols` block of `src` into `dst` (blocks `cols × rows`).
    private static func transposeBlocks(_ src: [Float], into dst: inout [Float], blocks: Int, rows: Int, cols: Int) {
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                for b in 0..<blocks {
                    let o = b * rows * cols
                    for y in 0..<rows { for x in 0..<cols { d[o + x * rows + y] = s[o + y * cols + x] } }
                }
            }
        }
    }

    private static func dctBatch(_ planes: ArraySlice<[Float]>, rows: Int, cols: Int) -> [[Float]] {
        let b = planes.count, n = rows * cols
        let cr = TransformCache.shared.dctMatrix(rows), cc = TransformCache.shared.dctMatrix(cols)
        let (x, sums) = stackCentred(planes, count: n)
        // Step 1: X_i C_cᵀ for all planes at once, (b·rows) × cols.
        var t1 = [Float](repeating: 0, count: b * n)
        BLAS.multiplyTransposed(x, cc, into: &t1, m: b * rows, n: cols, k: cols)
        var t1t = [Float](repeating: 0, count: b * n)
        transposeBlocks(t1, into: &t1t, blocks: b, rows: rows, cols: cols)
        // Step 2: (X_i C_cᵀ)ᵀ C_rᵀ = (C_r X_i C_cᵀ)ᵀ, (b·cols) × rows.
        var t2 = [Float](repeating: 0, count: b * n)
        BLAS.multiplyTransposed(t1t, cr, into: &t2, m: b * cols, n: rows, k: rows)
        var y = [Float](repeating: 0, count: b * n)
        transposeBlocks(t2, into: &y, blocks: b, rows: cols, cols: rows)
        let dcScale = 1 / Double(n).squareRoot()
        return (0..<b).map { i in
            var out = Array(y[(i * n)..<((i + 1) * n)])
            out[0] = Float(sums[i] * dcScale)
            return out
        }
    }

    private static func dftBatch(_ planes: ArraySlice<[Float]>, rows: Int, cols: Int) -> [ComplexPlane] {
        let b = planes.count, n = rows * cols, h = DFTMatrix.halfCount(cols)
        let wr = TransformCache.shared.dftMatrix(rows), wc = TransformCache.shared.halfDFTMatrix(cols)
        let (x, sums) = stackCentred(planes, count: n)
        // Step 1: [P_i | Q_i] = X_i [C_h; S_h]ᵀ for the column frequencies 0…⌊cols/2⌋ only,
        // (b·rows) × (2h): a real input's spectrum is Hermitian, F(−k, −l) = conj F(k, l).
        var pq = [Float](repeating: 0, count: b * rows * 2 * h)
        BLAS.multiplyTransposed(x, wc, into: &pq, m: b * rows, n: 2 * h, k: cols)
        // Transpose each rows × (2h) block into (2h) × rows = [P_iᵀ; Q_iᵀ].
        var z = [Float](repeating: 0, count: b * rows * 2 * h)
        transposeBlocks(pq, into: &z, blocks: b, rows: rows, cols: 2 * h)
        // Step 2: [P_iᵀ; Q_iᵀ] [C_r; S_r]ᵀ = [(C P)ᵀ (S P)ᵀ; (C Q)ᵀ (S Q)ᵀ], (b·2h) × (2·rows).
        var w = [Float](repeating: 0, count: b * 2 * h * 2 * rows)
        BLAS.multiplyTransposed(z, wr, into: &w, m: b * 2 * h, n: 2 * rows, k: rows)
        let cy = rows / 2, cx = cols / 2
        return (0..<b).map { i in
            var re = [Float](repeating: 0, count: n), im = [Float](repeating: 0, count: n)
            w.withUnsafeBufferPointer { wb in
                let o = i * 4 * h * rows, stride = 2 * rows
                for l in 0..<h {
                    let top = o + l * stride, bottom = o + (h + l) * stride
                    for u in 0..<rows {
                        let cp = wb[top + u], sp = wb[top + rows + u]
                        let cq = wb[bottom + u], sq = wb[bottom + rows + u]
                        let real = cp - sq, imaginary = -(cq + sp)
                        // Frequency (k, l) with k = u − cy sits at column cx + l when that is in range…
                        if cx + l < cols {
                            re[u * cols + cx + l] = real
                            im[u * cols + cx + l] = imaginary
                        }
                        // …and its conjugate at (−k, −l), for l ≥ 1 (column cx − l ≥ 0 since l ≤ cx).
                        if l >= 1 {
                            let k = u - cy
                            let mirrored = ((cy - k) % rows + rows) % rows
                            re[mirrored * cols + cx - l] = real
                            im[mirrored * cols + cx - l] = -imaginary
                        }
                    }
                }
            }
            re[cy * cols + cx] = Float(sums[i])
            im[cy * cols + cx] = 0
            return ComplexPlane(rows: rows, cols: cols, real: re, imaginary: im)
        }
    }
}
