#include <stddef.h>
#include <stdint.h>

/// libFuzzer's own driver (compiler-rt's FuzzerInterface.h), run from a target's `main`: SwiftPM
/// renames each executable's `main` on Linux, so libFuzzer's `main` is not the one that runs.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));
