// Leak and memory-error check of the WebP and TIFF parts of the C shim, outside
// Swift: writes a few WebP and TIFF files with the shim's own encoders, mutates
// each with a fixed seed and decodes every mutant (facts, whole image, a centre
// region, and a small budget; each after a preflight), built with AddressSanitizer + LeakSanitizer +
// UBSan (see run.sh). Then decodes on four threads at once, to exercise the
// per-handle libtiff error handlers.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "telltale_shim.h"

#define TT_SPLITMIX_SEED 54321
#include "splitmix.h"

typedef struct {
    uint8_t *data;
    size_t size;
    const char *name;
} sample;

static int is_webp(const uint8_t *data, size_t size) { return size >= 12 && memcmp(data, "RIFF", 4) == 0; }

static int decode(const uint8_t *data, size_t size, int *ok) {
    tt_facts facts;
    tt_error err;
    int webp = is_webp(data, size);
    int status = webp ? tt_webp_facts(data, size, &facts, &err) : tt_tiff_facts(data, size, &facts, &err);
    if (status != 0) return status;
    if (facts.width == 0 || facts.height == 0 || (uint64_t)facts.width * facts.height > (1u << 22)) return -100;
    uint32_t w = facts.width, h = facts.height;
    // Preflight first (no output buffer), as ImageDecoder does.
    status = webp ? tt_webp_decode(data, size, 0, 0, w, h, 1u << 24, NULL, &err)
                  : tt_tiff_decode(data, size, 0, 0, w, h, 1u << 24, NULL, &err);
    if (status != 0) return status;
    uint8_t *out = malloc((size_t)w * h * facts.out_channels);
    status = webp ? tt_webp_decode(data, size, 0, 0, w, h, 1u << 24, out, &err)
                  : tt_tiff_decode(data, size, 0, 0, w, h, 1u << 24, out, &err);
    if (status == 0) {
        (*ok)++;
        uint32_t s = w < h ? w : h;
        uint32_t side = s > 16 ? 16 : s;
        status = webp ? tt_webp_decode(data, size, (w - side) / 2, (h - side) / 2, side, side, 1u << 24, out, &err)
                      : tt_tiff_decode(data, size, (w - side) / 2, (h - side) / 2, side, side, 1u << 24, out, &err);
        // A budget too small for anything: refused, nothing leaked.
        if (status == 0) {
            status = webp ? tt_webp_decode(data, size, 0, 0, 1, 1, 1000, out, &err)
                          : tt_tiff_decode(data, size, 0, 0, 1, 1, 1000, out, &err);
            if (status == TT_E_BUDGET) status = 0;
        }
    }
    free(out);
    return status;
}

static sample make_tiff(const char *name, tt_tiff_params p) {
    int separate = p.planar == 2;
    size_t row = ((size_t)p.width * (separate ? 1 : p.samples_per_pixel) * p.bits_per_sample + 7) / 8;
    size_t n = row * p.height * (separate ? p.samples_per_pixel : 1);
    uint8_t *pixels = malloc(n);
    for (size_t i = 0; i < n; i++) pixels[i] = (uint8_t)(i * 7 + (i / 97) * 13 + (next() & 7));
    uint16_t map[3 * 256];
    for (int i = 0; i < 3 * 256; i++) map[i] = (uint16_t)((i * 37) % 256 * 257);
    p.colormap = map;
    sample s = {NULL, 0, name};
    tt_error err;
    if (tt_tiff_encode(pixels, &p, &s.data, &s.size, &err) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", name, err.message);
        exit(2);
    }
    free(pixels);
    return s;
}

static sample make_webp(const char *name, int channels, int quality) {
    uint32_t w = 61, h = 47;
    uint8_t *pixels = malloc((size_t)w * h * channels);
    for (size_t i = 0; i < (size_t)w * h * channels; i++) pixels[i] = (uint8_t)(i * 5 + (i / 61) * 3 + (next() & 15));
    sample s = {NULL, 0, name};
    tt_error err;
    if (tt_webp_encode(pixels, w, h, channels, quality, &s.data, &s.size, &err) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", name, err.message);
        exit(2);
    }
    free(pixels);
    return s;
}

static sample samples[16];
static int sample_count = 0;

static void *decode_all(void *arg) {
    (void)arg;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < sample_count; i++) {
            int ok = 0;
            size_t cut = samples[i].size - 1 - (size_t)round;
            if (decode(samples[i].data, samples[i].size, &ok) != 0 || ok != 1) {
                fprintf(stderr, "%s: a good file failed on a thread\n", samples[i].name);
                exit(3);
            }
            decode(samples[i].data, cut, &ok);
        }
    }
    return NULL;
}

int main(void) {
    samples[sample_count++] = make_webp("lossy.webp", 3, 80);
    samples[sample_count++] = make_webp("lossy-alpha.webp", 4, 70);
    samples[sample_count++] = make_webp("lossless.webp", 3, -1);
    samples[sample_count++] = make_webp("lossless-alpha.webp", 4, -1);
    samples[sample_count++] = make_tiff("rgb8-lzw.tif", (tt_tiff_params){.width = 45, .height = 37, .samples_per_pixel = 3,
        .bits_per_sample = 8, .photometric = 2, .compression = 5, .planar = 1, .rows_per_strip = 4});
    samples[sample_count++] = make_tiff("rgb16-deflate-separate-be.tif", (tt_tiff_params){.width = 45, .height = 37,
        .samples_per_pixel = 3, .bits_per_sample = 16, .photometric = 2, .compression = 8, .planar = 2,
        .rows_per_strip = 5, .predictor = 2, .big_endian = 1});
    samples[sample_count++] = make_tiff("rgba8-packbits-tiles.tif", (tt_tiff_params){.width = 45, .height = 37,
        .samples_per_pixel = 4, .bits_per_sample = 8, .photometric = 2, .compression = 32773, .planar = 1,
        .tile_width = 16, .tile_height = 16, .extra_samples = 1});
    samples[sample_count++] = make_tiff("grey4-minwhite-none.tif", (tt_tiff_params){.width = 45, .height = 37,
        .samples_per_pixel = 1, .bits_per_sample = 4, .photometric = 0, .compression = 1, .planar = 1,
        .rows_per_strip = 3});
    samples[sample_count++] = make_tiff("palette8-lzw-bigtiff.tif", (tt_tiff_params){.width = 45, .height = 37,
        .samples_per_pixel = 1, .bits_per_sample = 8, .photometric = 3, .compression = 5, .planar = 1,
        .rows_per_strip = 8, .bigtiff = 1, .extra_pages = 1});
    samples[sample_count++] = make_tiff("ycbcr-jpeg.tif", (tt_tiff_params){.width = 48, .height = 40,
        .samples_per_pixel = 3, .bits_per_sample = 8, .photometric = 6, .compression = 7, .planar = 1,
        .rows_per_strip = 16});
    samples[sample_count++] = make_tiff("ycbcr-jpeg-tiles.tif", (tt_tiff_params){.width = 48, .height = 40,
        .samples_per_pixel = 3, .bits_per_sample = 8, .photometric = 6, .compression = 7, .planar = 1,
        .tile_width = 16, .tile_height = 16});

    int iterations = 5000, ok = 0, failed = 0;
    for (int s = 0; s < sample_count; s++) {
        int good = 0;
        if (decode(samples[s].data, samples[s].size, &good) != 0 || good != 1) {
            fprintf(stderr, "%s: the unmutated file does not decode\n", samples[s].name);
            return 3;
        }
        uint8_t *buffer = malloc(samples[s].size * 2);
        for (int i = 0; i < iterations; i++) {
            size_t n = samples[s].size;
            memcpy(buffer, samples[s].data, n);
            n = mutate(buffer, n, 0);
            if (decode(buffer, n, &ok) != 0) failed++;
        }
        free(buffer);
    }
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) pthread_create(&threads[t], NULL, decode_all, NULL);
    for (int t = 0; t < 4; t++) pthread_join(threads[t], NULL);
    for (int s = 0; s < sample_count; s++) tt_free(samples[s].data);
    printf("WebP/TIFF: %d mutants decoded, %d rejected with an error\n", ok, failed);
    return 0;
}
