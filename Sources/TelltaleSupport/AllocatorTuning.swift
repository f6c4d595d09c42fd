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
/// 32 MiB, so such blocks are reused from the heap. Peak memory still does not grow with
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
        _ = mallopt(trimThreshold, 32 << 20)
        #endif
    }

    /// What a single file's decode may leave behind before the caller should hand the
    /// freed memory back: 16 MiB.
    public static let largeDecodeBytes = 16 << 20

    /// ``returnFreeMemory()`` when a file just read and decoded was large: `bytes` is
    /// the larger of its size and its decoded pixels' (at least ``largeDecodeBytes``).
    public static func returnFreeMemory(afterFileOf bytes: Int) {
        if bytes >= largeDecodeBytes { returnFreeMemory() }
    }

    /// Returns freed heap memory to the system (`malloc_trim(0)`: the top of each
    /// arena, and whole free pages inside them). Call it after a large file (see
    /// ``largeDecodeBytes``): the heap otherwise keeps up to the trim threshold of
    /// what that file freed, on top of what the next file allocates, and peak memory
    /// could go over the memory budget. Costs a walk of the free lists; elsewhere than
    /// glibc it does nothing.
    public static func returnFreeMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
