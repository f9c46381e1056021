// jemalloc reads its options from this symbol at start-up (the MALLOC_CONF environment variable,
// when set, still applies on top). Release builds of `minaoshi` link jemalloc (Package.swift);
// with glibc's malloc (debug builds, tests) the symbol is never read.
//
// thp:always asks the kernel for 2 MiB pages (madvise(MADV_HUGEPAGE)) for jemalloc's extents.
// A build touches about 1.7 GiB at 100,000 documents, and the pages steps free return to the
// system before the next step (FreedMemory) are faulted in again: 4 KiB pages cost 760,000-800,000
// page faults there, 2 MiB pages 61,000, and the build ran 15-20% faster for 2% more peak memory
// (Benchmarks/README.md, stop 18). On a system whose transparent huge pages are `never`, nothing
// changes.
const char *malloc_conf = "thp:always";
