// The sanitizer harnesses' seeded generator: SplitMix64 (Steele, Lea & Flood,
// OOPSLA 2014), the same stream for the same seed on every machine.
#ifndef TELLTALE_SANITIZE_SPLITMIX_H
#define TELLTALE_SANITIZE_SPLITMIX_H
#include <stdint.h>

static uint64_t state = TT_SPLITMIX_SEED;

static uint64_t next(void) {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
#endif
