// Leak and memory-error check of the C shim, outside Swift: mutates PNG and
// JPEG files with a fixed seed and decodes each mutant through the shim,
// built with AddressSanitizer + LeakSanitizer + UBSan (see run.sh).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "telltale_shim.h"

#define TT_SPLITMIX_SEED 12345
#include "splitmix.h"

static uint8_t *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc((size_t)n);
    if (fread(data, 1, (size_t)n, f) != (size_t)n) { free(data); fclose(f); return NULL; }
    fclose(f);
    *size = (size_t)n;
    return data;
}

static int decode(const uint8_t *data, size_t size, int *ok) {
    tt_facts facts;
    tt_error err;
    int is_png = size >= 8 && data[0] == 0x89;
    int status = is_png ? tt_png_facts(data, size, &facts, &err) : tt_jpeg_facts(data, size, &facts, &err);
    if (status != 0) return status;
    if (facts.width == 0 || facts.height == 0 || (uint64_t)facts.width * facts.height > (1u << 22)) return -100;
    uint32_t w = facts.width, h = facts.height;
    uint8_t *out = malloc((size_t)w * h * facts.out_channels);
    status = is_png ? tt_png_decode(data, size, 0, 0, w, h, 3, 256u << 20, out, &err)
                    : tt_jpeg_decode(data, size, 0, 0, w, h, 3, 256u << 20, out, &err);
    if (status == 0) {
        (*ok)++;
        // And a centre region.
        uint32_t s = w < h ? w : h;
        uint32_t side = s > 16 ? 16 : s;
        status = is_png ? tt_png_decode(data, size, (w - side) / 2, (h - side) / 2, side, side, 3, 256u << 20, out, &err)
                        : tt_jpeg_decode(data, size, (w - side) / 2, (h - side) / 2, side, side, 3, 256u << 20, out, &err);
    }
    free(out);
    return status;
}

int main(int argc, char **argv) {
    int iterations = 3000, ok = 0, failed = 0;
    for (int a = 1; a < argc; a++) {
        size_t size;
        uint8_t *original = read_file(argv[a], &size);
        if (!original) { fprintf(stderr, "cannot read %s\n", argv[a]); return 2; }
        uint8_t *buffer = malloc(size * 2);
        for (int i = 0; i < iterations; i++) {
            size_t n = size;
            memcpy(buffer, original, size);
            n = mutate(buffer, n, 64);
            if (decode(buffer, n, &ok) != 0) failed++;
        }
        free(buffer);
        free(original);
    }
    // The encoders too.
    uint8_t pixels[48 * 32 * 3];
    for (size_t i = 0; i < sizeof pixels; i++) pixels[i] = (uint8_t)next();
    uint8_t *out;
    size_t out_size;
    tt_error err;
    if (tt_jpeg_encode(pixels, 48, 32, 3, 80, 1, &out, &out_size, &err) == 0) tt_free(out);
    if (tt_png_encode(pixels, 48, 32, 3, &out, &out_size, &err) == 0) tt_free(out);
    printf("%d mutants decoded, %d rejected with an error\n", ok, failed);
    return 0;
}
