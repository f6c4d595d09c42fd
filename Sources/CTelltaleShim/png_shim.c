// libpng behind setjmp: see telltale_shim.h.
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim_error.h"
#include "telltale_shim.h"

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    tt_error *err;
} png_source;

static void on_png_error(png_structp png, png_const_charp message) {
    png_source *src = (png_source *)png_get_error_ptr(png);
    if (src != NULL && src->err != NULL && src->err->code == TT_OK) {
        // The zlib stream or the IDAT chunks end before the last row.
        int truncated = strstr(message, "Not enough image data") != NULL;
        tt_error_set(src->err, truncated ? TT_E_TRUNCATED : TT_E_CORRUPT, "%s", message);
    }
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;  // Warnings (bad ancillary CRC, unknown chunks…) are not failures.
}

static void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
    png_source *src = (png_source *)png_get_io_ptr(png);
    if (src->size - src->offset < length) {
        tt_error_set(src->err, TT_E_TRUNCATED, "the file ends before the image data does");
        png_longjmp(png, 1);
    }
    memcpy(out, src->data + src->offset, length);
    src->offset += length;
}

static int check_signature(const uint8_t *data, size_t size, tt_error *err) {
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        tt_error_set(err, TT_E_CORRUPT, "not a PNG: wrong signature");
        return TT_E_CORRUPT;
    }
    return TT_OK;
}

/// Fills `facts` from an info struct that has been read up to IDAT.
static void fill_facts(png_structp png, png_infop info, tt_facts *facts) {
    memset(facts, 0, sizeof *facts);
    facts->width = png_get_image_width(png, info);
    facts->height = png_get_image_height(png, info);
    facts->bit_depth = png_get_bit_depth(png, info);
    facts->color_type = png_get_color_type(png, info);
    facts->stored_channels = png_get_channels(png, info);
    facts->interlaced_or_progressive = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    facts->has_transparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    facts->out_channels = (facts->color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
}

/// Checks the signature and creates the read and info structs (no longjmp can happen here).
static int open_reader(png_source *src, png_structp *png, png_infop *info) {
    tt_error_set(src->err, TT_OK, "");
    if (check_signature(src->data, src->size, src->err) != TT_OK) return src->err->code;
    *png = png_create_read_struct(PNG_LIBPNG_VER_STRING, src, on_png_error, on_png_warning);
    *info = *png ? png_create_info_struct(*png) : NULL;
    if (*info == NULL) {
        png_destroy_read_struct(png, NULL, NULL);
        tt_error_set(src->err, TT_E_NOMEM, "out of memory");
        return TT_E_NOMEM;
    }
    // Ancillary chunks are skipped unread (libpng steps over their bytes without
    // allocating) but for tRNS, which the facts report. Otherwise libpng allocates
    // what a text chunk's length field claims before reading it — 2 GiB for a
    // 60-byte file whose tEXt says 0x7FFFFFFF — and decompresses zTXt/iTXt/iCCP
    // into memory. The caps below guard what is still read.
    static const png_byte ignored[] = {
        'b', 'K', 'G', 'D', '\0', 'c', 'H', 'R', 'M', '\0', 'e', 'X', 'I', 'f', '\0', 'g', 'A', 'M', 'A', '\0',
        'h', 'I', 'S', 'T', '\0', 'i', 'C', 'C', 'P', '\0', 'i', 'T', 'X', 't', '\0', 'o', 'F', 'F', 's', '\0',
        'p', 'C', 'A', 'L', '\0', 'p', 'H', 'Y', 's', '\0', 's', 'B', 'I', 'T', '\0', 's', 'C', 'A', 'L', '\0',
        's', 'P', 'L', 'T', '\0', 's', 'R', 'G', 'B', '\0', 't', 'E', 'X', 't', '\0', 't', 'I', 'M', 'E', '\0',
        'z', 'T', 'X', 't', '\0',
    };
    png_set_keep_unknown_chunks(*png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
    png_set_keep_unknown_chunks(*png, PNG_HANDLE_CHUNK_NEVER, ignored, (int)(sizeof ignored / 5));
    png_set_chunk_malloc_max(*png, 1u << 20);
    png_set_chunk_cache_max(*png, 64);
    return TT_OK;
}

int tt_png_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err) {
    png_source src = {data, size, 0, err};
    png_structp png;
    png_infop info;
    int status = open_reader(&src, &png, &info);
    if (status != TT_OK) return status;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return err->code;
    }
    png_set_read_fn(png, &src, read_from_memory);
    png_read_info(png, info);
    fill_facts(png, info, facts);
    png_destroy_read_struct(&png, &info, NULL);
    return TT_OK;
}

/// Deflate's best case: 258 bytes from a 1-bit symbol pair at most, which bounds
/// any zlib stream at about 1032 output bytes per input byte (zlib's FAQ).
#define TT_DEFLATE_MAX_RATIO 1032u

/// Adam7: where the pixels of each of the seven passes sit (PNG spec, 8.2).
static const uint32_t adam7_x0[7] = {0, 4, 0, 2, 0, 1, 0};
static const uint32_t adam7_y0[7] = {0, 0, 4, 0, 2, 0, 1};
static const uint32_t adam7_dx[7] = {8, 8, 4, 4, 2, 2, 1};
static const uint32_t adam7_dy[7] = {8, 8, 8, 4, 4, 2, 2};

static uint32_t pass_count(uint32_t size, uint32_t start, uint32_t step) {
    return size > start ? (size - start + step - 1) / step : 0;
}

int tt_png_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                  uint32_t h, int flags, uint64_t budget, uint8_t *out, tt_error *err) {
    png_source src = {data, size, 0, err};
    png_structp png;
    png_infop info;
    int status = open_reader(&src, &png, &info);
    if (status != TT_OK) return status;
    // Buffers that must survive a longjmp are volatile so that their values are reliable after it.
    uint8_t *volatile row = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_read_struct(&png, &info, NULL);
        return err->code;
    }
    png_set_read_fn(png, &src, read_from_memory);
    png_read_info(png, info);
    tt_facts facts;
    fill_facts(png, info, &facts);
    if (w == 0 || h == 0 || (uint64_t)x0 + w > facts.width || (uint64_t)y0 + h > facts.height) {
        tt_error_set(err, TT_E_ARGUMENT, "region outside the image");
        png_longjmp(png, 1);
    }
    // What the header claims must fit in the file: the filtered rows (one filter
    // byte each) deflate at most TT_DEFLATE_MAX_RATIO to one.
    uint64_t stored_row = ((uint64_t)facts.width * (uint64_t)facts.stored_channels * (uint64_t)facts.bit_depth + 7) / 8;
    uint64_t raw = (stored_row + 1) * facts.height;
    if (raw / TT_DEFLATE_MAX_RATIO > size) {
        char text[200];
        snprintf(text, sizeof text,
                 "%zu bytes cannot hold the compressed rows of a %u×%u PNG (%llu bytes; deflate compresses at most %u:1)",
                 size, facts.width, facts.height, (unsigned long long)raw, TT_DEFLATE_MAX_RATIO);
        tt_error_set(err, TT_E_TRUNCATED, "%s", text);
        png_longjmp(png, 1);
    }
    // libpng keeps two rows at up to 8 bytes a pixel; with ours and zlib's window, that is all.
    uint64_t needed = 3 * ((uint64_t)facts.width * 8 + 64) + (1u << 20);
    if (needed > budget) {
        err->needed = needed;
        tt_error_set(err, TT_E_BUDGET, "the row buffers of a PNG");
        png_longjmp(png, 1);
    }
    if (out == NULL) {  // preflight: the header's claims checked, nothing decoded
        png_destroy_read_struct(&png, &info, NULL);
        return TT_OK;
    }

    // Transformations to 8-bit grey or RGB, stored values (no gamma correction).
    if (facts.color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (facts.color_type == PNG_COLOR_TYPE_GRAY && facts.bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (facts.bit_depth == 16) png_set_scale_16(png);
    // Alpha, and the alpha palette_to_rgb makes of a tRNS chunk, is dropped (not composited).
    if ((facts.color_type & PNG_COLOR_MASK_ALPHA) || facts.has_transparency) png_set_strip_alpha(png);
    // No png_set_interlace_handling: an interlaced image arrives as its seven passes'
    // reduced images, and only the pixels inside the region are kept (below).
    png_read_update_info(png, info);

    size_t row_bytes = png_get_rowbytes(png, info);
    int channels = png_get_channels(png, info);
    if (channels != facts.out_channels) {
        tt_error_set(err, TT_E_UNSUPPORTED, "unexpected channel count after transformation");
        png_longjmp(png, 1);
    }
    size_t out_row = (size_t)w * (size_t)channels;
    row = (uint8_t *)malloc(row_bytes);
    if (row == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        png_longjmp(png, 1);
    }

    if (!facts.interlaced_or_progressive) {
        for (uint32_t y = 0; y < y0 + h; y++) {
            png_read_row(png, row, NULL);
            if (y >= y0) memcpy(out + (size_t)(y - y0) * out_row, row + (size_t)x0 * channels, out_row);
        }
        // The rows below the region are not decoded (see png_read_end below).
    } else {
        // Adam7: every pass spans the whole image, so all passes are read, one
        // reduced row at a time, and each pixel inside the region is put in its
        // place. Memory: one row, whatever the image's height. The last pass can
        // stop after the region's last row.
        for (int pass = 0; pass < 7; pass++) {
            uint32_t cols = pass_count(facts.width, adam7_x0[pass], adam7_dx[pass]);
            uint32_t rows = pass_count(facts.height, adam7_y0[pass], adam7_dy[pass]);
            if (cols == 0 || rows == 0) continue;  // libpng skips empty passes too
            for (uint32_t r = 0; r < rows; r++) {
                uint32_t y = adam7_y0[pass] + r * adam7_dy[pass];
                if (pass == 6 && y >= y0 + h) break;
                png_read_row(png, row, NULL);
                if (y < y0 || y >= y0 + h) continue;
                uint8_t *dest = out + (size_t)(y - y0) * out_row;
                // Columns of this pass inside [x0, x0 + w).
                uint32_t first = x0 > adam7_x0[pass] ? (x0 - adam7_x0[pass] + adam7_dx[pass] - 1) / adam7_dx[pass] : 0;
                for (uint32_t c = first; c < cols; c++) {
                    uint32_t x = adam7_x0[pass] + c * adam7_dx[pass];
                    if (x >= x0 + w) break;
                    memcpy(dest + (size_t)(x - x0) * channels, row + (size_t)c * channels, (size_t)channels);
                }
            }
        }
    }
    free(row);
    row = NULL;
    // The rows below the region are not decoded, but (TT_DECODE_CHECK_REST) the
    // file is checked to its end: libpng inflates the rest of the image data (without unfiltering it) and
    // reads the chunks up to IEND, CRCs included. Image data that ends before the
    // zlib stream does is "Not enough image data" (truncated).
    if (flags & TT_DECODE_CHECK_REST) png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return TT_OK;
}

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    tt_error *err;
} png_sink;

static void write_to_memory(png_structp png, png_bytep bytes, png_size_t length) {
    png_sink *sink = (png_sink *)png_get_io_ptr(png);
    if (sink->size + length > sink->capacity) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (capacity < sink->size + length) capacity *= 2;
        uint8_t *grown = (uint8_t *)realloc(sink->data, capacity);
        if (grown == NULL) {
            tt_error_set(sink->err, TT_E_NOMEM, "out of memory");
            png_longjmp(png, 1);
        }
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, bytes, length);
    sink->size += length;
}

static void flush_memory(png_structp png) { (void)png; }

int tt_png_encode_raw(const uint8_t *rows, size_t row_bytes, uint32_t width, uint32_t height,
                      int bit_depth, int color_type, int interlace, const uint8_t *palette,
                      int palette_entries, const uint8_t *trns, int trns_count, uint8_t **out,
                      size_t *out_size, tt_error *err) {
    tt_error_set(err, TT_OK, "");
    *out = NULL;
    *out_size = 0;
    png_sink sink = {NULL, 0, 0, err};
    png_source ctx = {NULL, 0, 0, err};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error, on_png_warning);
    if (png == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        return TT_E_NOMEM;
    }
    png_infop info = png_create_info_struct(png);
    png_bytep *volatile row_pointers = NULL;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        if (err->code == TT_OK) tt_error_set(err, TT_E_NOMEM, "out of memory");
        free(row_pointers);
        free(sink.data);
        png_destroy_write_struct(&png, &info);
        return err->code;
    }
    png_set_write_fn(png, &sink, write_to_memory, flush_memory);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color entries[256];
        for (int i = 0; i < palette_entries && i < 256; i++) {
            entries[i].red = palette[3 * i];
            entries[i].green = palette[3 * i + 1];
            entries[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, entries, palette_entries);
        if (trns != NULL && trns_count > 0) png_set_tRNS(png, info, trns, trns_count, NULL);
    }
    row_pointers = (png_bytep *)malloc(sizeof(png_bytep) * height);
    if (row_pointers == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        png_longjmp(png, 1);
    }
    for (uint32_t y = 0; y < height; y++) row_pointers[y] = (png_bytep)(rows + (size_t)y * row_bytes);
    png_set_rows(png, info, row_pointers);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    free(row_pointers);
    png_destroy_write_struct(&png, &info);
    *out = sink.data;
    *out_size = sink.size;
    return TT_OK;
}

int tt_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                  uint8_t **out, size_t *out_size, tt_error *err) {
    if (channels != 1 && channels != 3) {
        tt_error_set(err, TT_E_ARGUMENT, "PNG encoding takes 1 or 3 channels");
        return TT_E_ARGUMENT;
    }
    return tt_png_encode_raw(pixels, (size_t)width * channels, width, height, 8,
                             channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, 0, NULL, 0,
                             NULL, 0, out, out_size, err);
}

void tt_free(void *pointer) { free(pointer); }
