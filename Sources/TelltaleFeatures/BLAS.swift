import COpenBLAS

/// OpenBLAS set-up shared by the matrix-product transforms.
///
/// Telltale parallelises over images, so each worker thread must run its GEMMs
/// on one BLAS thread: ``ensureSingleThreaded()`` calls
/// `openblas_set_num_threads(1)` once per process before the first product.
enum BLAS {
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Sets OpenBLAS to one thread (idempotent, thread-safe: a lazily initialised global).
    static func ensureSingleThreaded() {
        _ = singleThreaded
    }

    /// Row-major `C = A · Bᵀ` with `A` of `m × k` and `B` of `n × k` (single precision).
    static func multiplyTransposed(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                   into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int) {
        ensureSingleThreaded()
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(m), blasint(n), blasint(k),
                    1, a, blasint(k), b, blasint(k), 0, c, blasint(n))
    }
}
