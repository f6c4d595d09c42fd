// libwebp behind the shim's contract: see telltale_shim.h.
//
// libwebp never longjmps; every call returns a VP8StatusCode, mapped here to a
// TT_E_* code with a message. Decoding is always non-incremental (WebPDecode),
// for which libwebp checks that every chunk it needs lies inside the data
// (VP8_STATUS_NOT_ENOUGH_DATA otherwise), so a cut file is never completed.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include "shim_error.h"
#include "telltale_shim.h"

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int check_signature(const uint8_t *data, size_t size, tt_error *err) {
    // libwebp also takes bare VP8/VP8L bitstreams; the shim, like the sniffer,
    // takes only the RIFF container.
    if (size < 12 || memcmp(data, "RIFF", 4) != 0 || memcmp(data + 8, "WEBP", 4) != 0) {
        tt_error_set(err, TT_E_CORRUPT, "not a WebP: wrong signature");
        return TT_E_CORRUPT;
    }
    return TT_OK;
}

static int map_status(VP8StatusCode status, tt_error *err) {
    switch (status) {
        case VP8_STATUS_OK:
            return TT_OK;
        case VP8_STATUS_NOT_ENOUGH_DATA:
            tt_error_set(err, TT_E_TRUNCATED, "the file ends before the WebP image data does");
            return TT_E_TRUNCATED;
        case VP8_STATUS_OUT_OF_MEMORY:
            tt_error_set(err, TT_E_NOMEM, "out of memory");
            return TT_E_NOMEM;
        case VP8_STATUS_INVALID_PARAM:
            tt_error_set(err, TT_E_ARGUMENT, "libwebp rejected the decoding parameters");
            return TT_E_ARGUMENT;
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            tt_error_set(err, TT_E_UNSUPPORTED, "a WebP feature libwebp does not support");
            return TT_E_UNSUPPORTED;
        case VP8_STATUS_BITSTREAM_ERROR:
        default:
            tt_error_set(err, TT_E_CORRUPT, "bad WebP bitstream (libwebp status %d)", (int)status);
            return TT_E_CORRUPT;
    }
}

/// The number of ANMF (animation frame) chunks in the RIFF container, counting
/// only chunks whose header lies inside both the data and the RIFF size.
static uint32_t count_frames(const uint8_t *data, size_t size) {
    uint64_t end = (uint64_t)le32(data + 4) + 8;
    if (end > size) end = size;
    uint64_t pos = 12;
    uint32_t frames = 0;
    while (pos + 8 <= end) {
        uint32_t length = le32(data + pos + 4);
        if (memcmp(data + pos, "ANMF", 4) == 0) frames++;
        pos += 8 + (uint64_t)length + (length & 1);
    }
    return frames;
}

static int read_features(const uint8_t *data, size_t size, WebPBitstreamFeatures *features,
                         tt_error *err) {
    tt_error_set(err, TT_OK, "");
    if (check_signature(data, size, err) != TT_OK) return err->code;
    return map_status(WebPGetFeatures(data, size, features), err);
}

int tt_webp_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err) {
    WebPBitstreamFeatures features;
    int status = read_features(data, size, &features, err);
    if (status != TT_OK) return status;
    memset(facts, 0, sizeof *facts);
    facts->width = (uint32_t)features.width;
    facts->height = (uint32_t)features.height;
    facts->out_channels = 3;
    facts->stored_channels = features.has_alpha ? 4 : 3;
    facts->bit_depth = 8;
    facts->has_alpha = features.has_alpha ? 1 : 0;
    facts->animated = features.has_animation ? 1 : 0;
    facts->frames = features.has_animation ? count_frames(data, size) : 1;
    facts->compression = features.format;
    return TT_OK;
}

/// Working memory libwebp's lossy (VP8) decoder allocates for a W×H frame, an
/// upper estimate from its AllocateMemory (frame_dec.c): per macroblock column
/// about 2 KB (intra modes, top samples, coefficients of one macroblock row and a
/// cache of 16 + 8 filter rows of Y, U and V); with an ALPH chunk the whole alpha
/// plane (W·H) and, for lossless-coded alpha, its decoder's buffer (≤ 4·W·H).
static uint64_t lossy_estimate(uint64_t width, uint64_t height, int alpha) {
    uint64_t mb_w = (width + 15) / 16;
    uint64_t need = mb_w * 2048 + 65536;
    if (alpha) need += 5 * width * height + 68 * width;
    return need;
}

/// Lossless (VP8L) decoding keeps the whole decoded ARGB image (4·W·H bytes) and
/// a cache of 16 rows plus one (vp8l_dec.c AllocateInternalBuffers32b); 1 MiB more
/// is allowed for Huffman tables, transforms and the colour cache.
static uint64_t lossless_estimate(uint64_t width, uint64_t height) {
    return 4 * width * (height + 17) + (1u << 20);
}

int tt_webp_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, uint64_t budget, uint8_t *out, tt_error *err) {
    WebPDecoderConfig config;
    tt_error_set(err, TT_OK, "");
    if (!WebPInitDecoderConfig(&config)) {
        tt_error_set(err, TT_E_UNSUPPORTED, "libwebp's ABI does not match its headers");
        return TT_E_UNSUPPORTED;
    }
    int status = read_features(data, size, &config.input, err);
    if (status != TT_OK) return status;
    if (config.input.has_animation) {
        tt_error_set(err, TT_E_UNSUPPORTED, "animated WebP (%u frames)", count_frames(data, size));
        return TT_E_UNSUPPORTED;
    }
    uint32_t width = (uint32_t)config.input.width, height = (uint32_t)config.input.height;
    if (w == 0 || h == 0 || (uint64_t)x0 + w > width || (uint64_t)y0 + h > height) {
        tt_error_set(err, TT_E_ARGUMENT, "region outside the image");
        return TT_E_ARGUMENT;
    }
    uint64_t riff_end = (uint64_t)le32(data + 4) + 8;
    if (riff_end > size) {
        tt_error_set(err, TT_E_TRUNCATED, "the file ends after %zu bytes; its RIFF header says %llu",
                  size, (unsigned long long)riff_end);
        return TT_E_TRUNCATED;
    }

    // libwebp crops first, but rounds crop_left/crop_top down to even (4:2:0
    // chroma) and treats the crop's edges as the image's edges when it upsamples
    // chroma. So decode an even-aligned box with a margin of two pixels (one chroma
    // sample) on every side the image continues, and copy the rectangle out of it.
    const uint32_t margin = 2;
    uint32_t bx0 = x0 > margin ? (x0 - margin) & ~1u : 0;
    uint32_t by0 = y0 > margin ? (y0 - margin) & ~1u : 0;
    uint32_t bx1 = (uint64_t)x0 + w + margin < width ? x0 + w + margin : width;
    uint32_t by1 = (uint64_t)y0 + h + margin < height ? y0 + h + margin : height;
    uint32_t box_w = bx1 - bx0, box_h = by1 - by0;
    uint64_t box_bytes = (uint64_t)box_w * box_h * 3;

    int lossless = config.input.format == 2;
    uint64_t decoder = lossless ? lossless_estimate(width, height)
                                : lossy_estimate(width, height, config.input.has_alpha);
    uint64_t needed = decoder + box_bytes;
    if (needed > budget) {
        err->needed = needed;
        if (lossless) {
            tt_error_set(err, TT_E_BUDGET, "the decoded ARGB image (4 bytes a pixel) of a %u×%u lossless WebP",
                      width, height);
        } else {
            tt_error_set(err, TT_E_BUDGET, "libwebp's %s working memory for a %u×%u lossy WebP",
                      config.input.has_alpha ? "alpha plane and" : "row caches and", width, height);
        }
        return TT_E_BUDGET;
    }
    if (out == NULL) return TT_OK;  // preflight: every check passed, nothing decoded
    uint8_t *box = (uint8_t *)malloc(box_bytes ? (size_t)box_bytes : 1);
    if (box == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        return TT_E_NOMEM;
    }
    if (bx0 != 0 || by0 != 0 || box_w != width || box_h != height) {
        config.options.use_cropping = 1;
        config.options.crop_left = (int)bx0;
        config.options.crop_top = (int)by0;
        config.options.crop_width = (int)box_w;
        config.options.crop_height = (int)box_h;
    }
    config.options.use_threads = 0;
    config.output.colorspace = MODE_RGB;  // alpha is not composited: it is not output at all
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = box;
    config.output.u.RGBA.stride = (int)box_w * 3;
    config.output.u.RGBA.size = (size_t)box_bytes;
    VP8StatusCode decoded = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);  // releases nothing of ours (external memory)
    if (decoded != VP8_STATUS_OK) {
        free(box);
        return map_status(decoded, err);
    }
    size_t out_row = (size_t)w * 3;
    for (uint32_t y = 0; y < h; y++) {
        memcpy(out + (size_t)y * out_row,
               box + ((size_t)(y0 - by0 + y) * box_w + (x0 - bx0)) * 3, out_row);
    }
    free(box);
    return TT_OK;
}

int tt_webp_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int quality, uint8_t **out, size_t *out_size, tt_error *err) {
    tt_error_set(err, TT_OK, "");
    *out = NULL;
    *out_size = 0;
    if (channels != 3 && channels != 4) {
        tt_error_set(err, TT_E_ARGUMENT, "WebP encoding takes 3 or 4 channels");
        return TT_E_ARGUMENT;
    }
    if (width == 0 || height == 0 || width > WEBP_MAX_DIMENSION || height > WEBP_MAX_DIMENSION) {
        tt_error_set(err, TT_E_ARGUMENT, "WebP sizes are 1 to %d pixels a side", WEBP_MAX_DIMENSION);
        return TT_E_ARGUMENT;
    }
    int stride = (int)width * channels;
    uint8_t *encoded = NULL;
    size_t n;
    if (channels == 3) {
        n = quality < 0 ? WebPEncodeLosslessRGB(pixels, (int)width, (int)height, stride, &encoded)
                        : WebPEncodeRGB(pixels, (int)width, (int)height, stride, (float)quality, &encoded);
    } else {
        n = quality < 0 ? WebPEncodeLosslessRGBA(pixels, (int)width, (int)height, stride, &encoded)
                        : WebPEncodeRGBA(pixels, (int)width, (int)height, stride, (float)quality, &encoded);
    }
    if (n == 0) {
        WebPFree(encoded);
        tt_error_set(err, TT_E_NOMEM, "libwebp could not encode the image");
        return TT_E_NOMEM;
    }
    // tt_free releases with free(); libwebp's buffer is released with WebPFree.
    *out = (uint8_t *)malloc(n);
    if (*out == NULL) {
        WebPFree(encoded);
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        return TT_E_NOMEM;
    }
    memcpy(*out, encoded, n);
    *out_size = n;
    WebPFree(encoded);
    return TT_OK;
}
