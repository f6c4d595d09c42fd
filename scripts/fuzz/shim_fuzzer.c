// libFuzzer target over the C shim (Sources/CTelltaleShim), built by
// scripts/fuzz/build.sh with clang -fsanitize=fuzzer,address,undefined.
//
// One target for every format: the input's magic bytes choose tt_png_*,
// tt_jpeg_*, and — when the build script finds webp_shim.c / tiff_shim.c and
// defines TT_HAVE_WEBP / TT_HAVE_TIFF — tt_webp_* and tt_tiff_*. Each input goes
// through what ImageDecoder does in Swift: facts, the pixel cap (2^28), the memory
// budget split (file + output pixels are the caller's, the rest is the decoder's),
// then a centre crop of 256 and, when it fits the budget, a full decode.
//
// Findings, besides ASan/UBSan reports and libFuzzer's own crash/timeout/OOM:
//   BUDGET      the shim's heap (peak live bytes during one call, counted through
//               the sanitizer's malloc hooks) went over the budget it was given,
//               plus TT_FUZZ_SLACK_KB for libraries' fixed-size state
//   CONTRACT    facts with out_channels other than 1 or 3, a success with a
//               status or message the header does not allow, or a crop that
//               differs from the same rectangle of a successful full decode
//
// Environment: TT_FUZZ_BUDGET_MB (default 256, the default DecodeOptions
// budget; TT_FUZZ_BUDGET_KB for small ones), TT_FUZZ_SLACK_KB (default 1024),
// TT_FUZZ_FINDINGS=warn (count BUDGET and CONTRACT findings instead of stopping;
// TT_FUZZ_WARN_PREFIX: where to save the first inputs of each),
// TT_FUZZ_VERBOSE=1 (one line per input).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/allocator_interface.h>
#include "telltale_shim.h"

static uint64_t budget = 256ull << 20;
static uint64_t slack = 1ull << 20;
static const uint64_t max_pixels = 1ull << 28;  // DecodeOptions.defaultMaxPixels
static int verbose = 0;

// MARK: heap accounting during shim calls

static int tracking = 0;
static uint64_t live = 0, peak = 0;

static void on_malloc(const volatile void *ptr, size_t size) {
    (void)ptr;
    if (!tracking) return;
    live += size;
    if (live > peak) peak = live;
}

static void on_free(const volatile void *ptr) {
    if (!tracking || ptr == NULL) return;
    size_t size = __sanitizer_get_allocated_size((const void *)ptr);
    live = size > live ? 0 : live - size;
}

static void start_tracking(void) { live = peak = 0; tracking = 1; }
static uint64_t stop_tracking(void) { tracking = 0; return peak; }

// MARK: formats

typedef enum { F_NONE, F_PNG, F_JPEG, F_WEBP, F_TIFF } format;
static const char *format_names[] = {"none", "png", "jpeg", "webp", "tiff"};

static format sniff(const uint8_t *d, size_t n) {
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (n >= 8 && memcmp(d, png, 8) == 0) return F_PNG;
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return F_JPEG;
#ifdef TT_HAVE_WEBP
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) return F_WEBP;
#endif
#ifdef TT_HAVE_TIFF
    if (n >= 4 && ((d[0] == 'I' && d[1] == 'I' && (d[2] == 42 || d[2] == 43) && d[3] == 0) ||
                   (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && (d[3] == 42 || d[3] == 43))))
        return F_TIFF;
#endif
    return F_NONE;
}

static int facts_of(format f, const uint8_t *d, size_t n, tt_facts *facts, tt_error *err) {
    switch (f) {
    case F_PNG: return tt_png_facts(d, n, facts, err);
    case F_JPEG: return tt_jpeg_facts(d, n, facts, err);
#ifdef TT_HAVE_WEBP
    case F_WEBP: return tt_webp_facts(d, n, facts, err);
#endif
#ifdef TT_HAVE_TIFF
    case F_TIFF: return tt_tiff_facts(d, n, facts, err);
#endif
    default: return TT_E_UNSUPPORTED;
    }
}

static int decode(format f, const uint8_t *d, size_t n, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h,
                  int strict, uint64_t decoder_budget, uint8_t *out, tt_error *err) {
    switch (f) {
    case F_PNG: return tt_png_decode(d, n, x0, y0, w, h, strict ? TT_DECODE_CHECK_REST : 0, decoder_budget, out, err);
    case F_JPEG: return tt_jpeg_decode(d, n, x0, y0, w, h, strict ? TT_DECODE_STRICT | TT_DECODE_CHECK_REST : 0, decoder_budget, out, err);
#ifdef TT_HAVE_WEBP
    case F_WEBP: return tt_webp_decode(d, n, x0, y0, w, h, decoder_budget, out, err);
#endif
#ifdef TT_HAVE_TIFF
    case F_TIFF: return tt_tiff_decode(d, n, x0, y0, w, h, decoder_budget, out, err);
#endif
    default: return TT_E_UNSUPPORTED;
    }
}

// MARK: findings

// With TT_FUZZ_FINDINGS=warn, BUDGET and CONTRACT findings are printed (the first 10
// of each kind), counted, and the first 5 inputs of each kind are saved as
// $TT_FUZZ_WARN_PREFIX<kind>-<n>; the run goes on. Sanitizer reports, crashes,
// timeouts and libFuzzer's own limits still stop it.
static int warn_only = 0;
static const char *warn_prefix = NULL;
static unsigned long warnings[2] = {0, 0};  // BUDGET, CONTRACT
static const uint8_t *current_data = NULL;
static size_t current_size = 0;

static void report_warnings(void) {
    if (warnings[0] + warnings[1] > 0)
        fprintf(stderr, "==shim_fuzzer== %lu BUDGET and %lu CONTRACT finding(s) reported as warnings "
                "(TT_FUZZ_FINDINGS=warn)\n", warnings[0], warnings[1]);
}

static void finding(const char *kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void finding(const char *kind, const char *fmt, ...) {
    unsigned long n = 0;
    if (warn_only) {
        n = ++warnings[strcmp(kind, "BUDGET") == 0 ? 0 : 1];
        if (n <= 5 && warn_prefix != NULL && current_data != NULL) {
            char path[4096];
            snprintf(path, sizeof path, "%s%s-%lu", warn_prefix, kind, n);
            FILE *f = fopen(path, "wb");
            if (f) { fwrite(current_data, 1, current_size, f); fclose(f); }
        }
        if (n > 10) return;
    }
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "==shim_fuzzer== %s%s: ", kind, warn_only ? " (warning)" : "");
    vfprintf(stderr, fmt, args);
    fprintf(stderr, "\n");
    va_end(args);
    if (!warn_only) abort();  // libFuzzer saves the input as crash-<sha1>
}

static void check_status(const char *what, int status, const tt_error *err) {
    if (status > 0 || status < TT_E_BUDGET)
        finding("CONTRACT", "%s returned %d, not 0 or a TT_E_* code", what, status);
    if (status != 0 && err->message[0] == 0)
        finding("CONTRACT", "%s failed (%d) with an empty message", what, status);
    if (memchr(err->message, 0, sizeof err->message) == NULL)
        finding("CONTRACT", "%s left tt_error.message unterminated", what);
}

// One decode of the rectangle, with the Swift side's budget arithmetic and the heap check.
static int decode_checked(format f, const uint8_t *d, size_t n, const tt_facts *facts, uint32_t x0, uint32_t y0,
                          uint32_t w, uint32_t h, int strict, uint8_t **out_pixels) {
    *out_pixels = NULL;
    uint64_t out_bytes = (uint64_t)w * h * (uint64_t)facts->out_channels;
    uint64_t known = (uint64_t)n + out_bytes;
    if (known > budget) return TT_E_BUDGET;  // ImageDecoder refuses it before calling the shim
    uint64_t decoder_budget = budget - known;
    uint8_t *out = (uint8_t *)malloc(out_bytes ? out_bytes : 1);
    if (out == NULL) return TT_E_NOMEM;
    tt_error err;
    memset(&err, 0, sizeof err);
    start_tracking();
    int status = decode(f, d, n, x0, y0, w, h, strict, decoder_budget, out, &err);
    uint64_t used = stop_tracking();
    check_status("decode", status, &err);
    if (used > decoder_budget + slack)
        finding("BUDGET", "%s %ux%u, region %ux%u+%u+%u: the shim's heap peaked at %llu bytes, over its budget of %llu "
                "(+%llu slack); status %d (%s)", format_names[f], facts->width, facts->height, w, h, x0, y0,
                (unsigned long long)used, (unsigned long long)decoder_budget, (unsigned long long)slack, status,
                err.message);
    if (verbose)
        fprintf(stderr, "%s %ux%u region %ux%u+%u+%u: status %d (%s), heap peak %llu\n", format_names[f],
                facts->width, facts->height, w, h, x0, y0, status, err.message, (unsigned long long)used);
    if (status == 0) *out_pixels = out; else free(out);
    return status;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *s;
    if ((s = getenv("TT_FUZZ_BUDGET_MB")) != NULL && atoll(s) > 0) budget = (uint64_t)atoll(s) << 20;
    if ((s = getenv("TT_FUZZ_BUDGET_KB")) != NULL && atoll(s) > 0) budget = (uint64_t)atoll(s) << 10;
    if ((s = getenv("TT_FUZZ_SLACK_KB")) != NULL && atoll(s) >= 0) slack = (uint64_t)atoll(s) << 10;
    if ((s = getenv("TT_FUZZ_VERBOSE")) != NULL && *s == '1') verbose = 1;
    if ((s = getenv("TT_FUZZ_FINDINGS")) != NULL && strcmp(s, "warn") == 0) warn_only = 1;
    warn_prefix = getenv("TT_FUZZ_WARN_PREFIX");
    atexit(report_warnings);
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    return 0;
}

// The length of the first PNG chunk that claims more than the budget, or 0. libpng
// allocates a chunk's declared length before reading it (no chunk malloc limit is set),
// so such a file makes tt_png_facts allocate up to 2 GiB.
static uint64_t png_chunk_over_budget(const uint8_t *d, size_t n) {
    size_t i = 8;
    while (i + 8 <= n) {
        uint64_t length = ((uint64_t)d[i] << 24) | ((uint64_t)d[i + 1] << 16) | ((uint64_t)d[i + 2] << 8) | d[i + 3];
        if (length > 0x7FFFFFFFu) return 0;  // libpng refuses it before allocating
        if (length > budget) return length;
        if (memcmp(d + i + 4, "IDAT", 4) == 0) return 0;  // facts stop before the pixels
        i += 12 + (size_t)length;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    format f = sniff(data, size);
    if (f == F_NONE) return 0;
    current_data = data;
    current_size = size;
    if (warn_only && f == F_PNG) {
        // Known: counted as a warning and not run, so that its 2 GiB allocations do not
        // stop a warn-mode run on the RSS limit (in fail mode -malloc_limit_mb reports it).
        uint64_t claimed = png_chunk_over_budget(data, size);
        if (claimed) {
            finding("BUDGET", "png: a chunk before IDAT claims %llu bytes; libpng allocates that much in facts",
                    (unsigned long long)claimed);
            return 0;
        }
    }
    tt_facts facts;
    tt_error err;
    memset(&facts, 0, sizeof facts);
    memset(&err, 0, sizeof err);
    start_tracking();
    int status = facts_of(f, data, size, &facts, &err);
    uint64_t used = stop_tracking();
    check_status("facts", status, &err);
    if (used > budget + slack)
        finding("BUDGET", "%s facts: the shim's heap peaked at %llu bytes", format_names[f], (unsigned long long)used);
    if (status != 0) return 0;
    if (facts.out_channels != 1 && facts.out_channels != 3)
        finding("CONTRACT", "%s facts: out_channels %d", format_names[f], facts.out_channels);
    uint32_t w = facts.width, h = facts.height;
    if (w == 0 || h == 0 || (uint64_t)w * h > max_pixels) return 0;
    // Strict JPEG (the default) for most inputs; the lenient mode too, chosen by the input.
    int strict = (data[size - 1] & 7) != 0;

    // The centre crop extract and score ask for (PixelRegion.centreSquare: the largest
    // centred square when the image is smaller than the side).
    uint32_t side = w < h ? w : h;
    if (side > 256) side = 256;
    uint32_t cx = (w - side) / 2, cy = (h - side) / 2;
    uint8_t *crop = NULL, *full = NULL;
    int crop_status = decode_checked(f, data, size, &facts, cx, cy, side, side, strict, &crop);
    int full_status = decode_checked(f, data, size, &facts, 0, 0, w, h, strict, &full);
    if (crop_status == 0 && full_status == 0) {
        size_t ch = (size_t)facts.out_channels;
        for (uint32_t y = 0; y < side; y++) {
            if (memcmp(crop + (size_t)y * side * ch, full + ((size_t)(cy + y) * w + cx) * ch, (size_t)side * ch) != 0) {
                finding("CONTRACT", "%s %ux%u: the centre crop differs from the same rectangle of the full decode "
                        "(first at row %u of the crop; %s)", format_names[f], w, h, y, strict ? "strict" : "lenient");
                break;
            }
        }
    }
    free(crop);
    free(full);
    return 0;
}
