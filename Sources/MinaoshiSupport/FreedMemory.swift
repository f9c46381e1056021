#if canImport(Glibc)
    /// glibc's `int malloc_trim(size_t pad)` (`<malloc.h>`, which the Glibc module does not export).
    @_silgen_name("malloc_trim")
    private func mallocTrim(_ pad: Int) -> Int32
#endif

/// Hands memory the process has freed back to the system.
///
/// glibc keeps freed memory in its heaps for reuse, so a step that frees hundreds of megabytes
/// (the rendered bodies, the list caches) leaves the resident size where it was, and the next
/// step's large buffers, which glibc maps afresh, come on top of it. The build calls this between
/// steps; it takes milliseconds. Elsewhere it does nothing. Release builds of `minaoshi` allocate
/// with jemalloc (Package.swift), which returns freed pages by itself; there glibc's heap is
/// unused and the call finds nothing to trim. Under ThreadSanitizer (`MINAOSHI_TSAN`) the
/// sanitizer allocates, and `malloc_trim` once crashed reading glibc's unused heap (SEGV in
/// `mtrim`, in `PreviewEquivalenceTests`): the call is left out there.
public enum FreedMemory {
    public static func returnToSystem() {
        #if canImport(Glibc) && !MINAOSHI_TSAN
            _ = mallocTrim(0)
        #endif
    }
}
