#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for the executables (the libraries never call this).
///
/// glibc's `malloc` serves a request above its mmap threshold (128 KiB at first, then
/// raised to the size of the largest mmap'd block freed) with fresh pages from `mmap`,
/// which the kernel zero-fills on first touch, and returns them with `munmap` on `free`.
/// Feature extraction allocates and frees several 256 KiB planes per 256² image (the
/// luminance, its integer copy, transform buffers), so without this every image paid
/// about a hundred page faults: `telltale-benchmarks families` measured the preparation
/// of a crop at 0.23 ms per image before and 0.08 ms after.
///
/// ``keepLargeBlocksInHeap()`` fixes the mmap threshold at 64 MiB and the trim threshold at
/// 128 MiB, so such blocks are reused from the heap. Peak memory still does not grow with
/// the number of images (`scripts/bench_memory.py`); freed memory is kept for reuse rather
/// than returned to the system while the process runs. `GLIBC_TUNABLES` set by the user
/// is overridden. Elsewhere than glibc this does nothing.
public enum AllocatorTuning {
    public static func keepLargeBlocksInHeap() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not export: look
        // it up by name. The parameter numbers are <malloc.h>'s M_TRIM_THRESHOLD and
        // M_MMAP_THRESHOLD.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        _ = mallopt(mmapThreshold, 64 << 20)
        _ = mallopt(trimThreshold, 128 << 20)
        #endif
    }
}
