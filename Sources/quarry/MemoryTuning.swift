#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator tuning for long runs.
enum MemoryTuning {
    /// Buffers of 128 KiB or more get their own mappings, returned to the system when freed.
    ///
    /// glibc raises its mmap threshold (up to 32 MiB) each time such a buffer is freed, after which
    /// the many megabyte-sized buffers of staging, harvesting and the Parquet writer come from the
    /// heap and stay there, fragmented: a 2.2-million-row Hub run peaked at 267–325 MB that way and at
    /// 155 MB with a fixed threshold (docs/benchmarks.md). Setting the threshold keeps it fixed.
    /// `mallopt` is not in the Glibc module, so it is looked up at run time.
    static func returnLargeBuffers() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let M_MMAP_THRESHOLD: Int32 = -3
        _ = unsafeBitCast(symbol, to: Mallopt.self)(M_MMAP_THRESHOLD, 128 << 10)
        #endif
    }
}
