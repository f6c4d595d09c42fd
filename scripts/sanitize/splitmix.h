// The sanitizer harnesses' seeded generator: SplitMix64 (Steele, Lea & Flood,
// OOPSLA 2014), the same stream for the same seed on every machine.
#ifndef TELLTALE_SANITIZE_SPLITMIX_H
#define TELLTALE_SANITIZE_SPLITMIX_H
#include <stddef.h>
#include <stdint.h>

static uint64_t state = TT_SPLITMIX_SEED;

static uint64_t next(void) {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// Mutates `buffer[0..<n)` in place: 1–8 of bit flips, random bytes, truncations and
/// 0xFF bytes (marker starts), the last within the first `ff_window` bytes (0: anywhere).
/// Returns the new length.
static size_t mutate(uint8_t *buffer, size_t n, size_t ff_window) {
    int mutations = 1 + (int)(next() % 8);
    for (int m = 0; m < mutations && n > 0; m++) {
        switch (next() % 4) {
            case 0: buffer[next() % n] ^= (uint8_t)(1u << (next() % 8)); break;
            case 1: buffer[next() % n] = (uint8_t)next(); break;
            case 2: n = 1 + next() % n; break;
            default: buffer[next() % (ff_window && n > ff_window ? ff_window : n)] = 0xFF; break;
        }
    }
    return n;
}
#endif
