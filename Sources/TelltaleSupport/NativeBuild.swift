import CCPUFeatures
#if canImport(Glibc)
import Glibc
#endif

/// The optional native build (`scripts/build_native.sh`: `-target-cpu haswell`, i.e.
/// AVX2/FMA/BMI2 vector code, and the compilation condition `TELLTALE_NATIVE`) runs only on
/// CPUs that have those instructions; elsewhere it would die of SIGILL somewhere in the
/// middle of a run. The executables call ``requireSupportedCPU(program:)`` first.
///
/// The native build gives bit-identical features (integer arithmetic is exact, and Swift
/// neither contracts multiplies and adds into FMAs nor reorders float sums); it is only faster.
public enum NativeBuild {
    /// True in a binary built with `-D TELLTALE_NATIVE`.
    public static var isNative: Bool {
        #if TELLTALE_NATIVE
        return true
        #else
        return false
        #endif
    }

    /// In a native build on a CPU without AVX2, FMA or BMI2: says so on standard error and
    /// exits with status 70 (EX_SOFTWARE). Otherwise does nothing.
    public static func requireSupportedCPU(program: String) {
        #if TELLTALE_NATIVE
        if telltale_cpu_runs_x86_64_v3() == 0 {
            let message = "\(program): this is the native build (x86-64-v3: AVX2, FMA, BMI2) and this CPU lacks "
                + "those instructions; use the portable build (swift build -c release)\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            exit(70)
        }
        #endif
    }
}
