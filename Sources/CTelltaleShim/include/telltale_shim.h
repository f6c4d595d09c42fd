// A tiny C shim around libpng and libjpeg-turbo.
//
// Both libraries report errors by longjmp. A longjmp across Swift frames is
// undefined behaviour (and in practice aborts the process), so every call into
// either library happens inside these functions, each of which owns its
// setjmp and returns a status code with a message instead.
//
// Every function returns 0 on success and a negative TT_E* code on failure,
// with `err->message` set. Nothing is left allocated on failure.
#ifndef TELLTALE_SHIM_H
#define TELLTALE_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    TT_OK = 0,
    TT_E_CORRUPT = -1,      // the library rejected the data (bad CRC, zlib, Huffman, markers…)
    TT_E_TRUNCATED = -2,    // the data ended before the image did
    TT_E_UNSUPPORTED = -3,  // a valid variant this shim does not decode (CMYK JPEG, …)
    TT_E_NOMEM = -4,        // an allocation failed
    TT_E_ARGUMENT = -5,     // the caller asked for something impossible (region outside the image…)
    TT_E_BUDGET = -6,       // decoding would need more working memory than the caller's budget allows
};

typedef struct {
    int code;
    char message[200];
    /// TT_E_BUDGET: the working memory (bytes) the decode would have needed.
    uint64_t needed;
} tt_error;

// Memory budgets. Every decode function takes `budget`: the bytes of working
// memory the decoder may allocate for this file, over and above the input bytes
// and the caller's output buffer (w·h·out_channels), which the caller has
// already accounted for. Before allocating anything large the shim estimates what
// the decode needs (row buffers, libjpeg's coefficient arrays, a full-image
// buffer for Adam7…); if that is over `budget` it returns TT_E_BUDGET with
// `err->needed` set and a message saying what needed the memory.
//
// Decode flags.
enum {
    /// JPEG: any libjpeg warning is an error, and the checks for data that ends
    /// early (arithmetic scans, progressive coefficients, too few bytes) apply.
    TT_DECODE_STRICT = 1,
    /// Check the data below a region to the end of the file (JPEG: entropy-decode
    /// the rest and read to EOI, with TT_DECODE_STRICT; PNG: inflate the rest and
    /// read the chunks to IEND), so that a file cut below the region is refused.
    TT_DECODE_CHECK_REST = 2,
};

// Preflight: called with `out == NULL`, a decode function makes every check it
// can from the headers — region, plausibility of the claimed size against the
// file's size, the budget — and returns without decoding, so that the caller
// allocates the output only for a file that passed them.

/// Facts read from the header alone, without decoding pixels.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// Channels of the decoded image this shim produces: 1 (grey) or 3 (RGB).
    int out_channels;
    /// Components stored in the file (PNG: 1–4 with alpha; JPEG: 1, 3 or 4).
    int stored_channels;
    /// Bits per sample as stored (PNG: 1, 2, 4, 8, 16; JPEG: 8 or 12).
    int bit_depth;
    /// PNG: the IHDR colour type (0, 2, 3, 4, 6). JPEG: libjpeg's J_COLOR_SPACE of the file.
    int color_type;
    /// PNG: 1 if Adam7-interlaced. JPEG: 1 if progressive.
    int interlaced_or_progressive;
    /// PNG: 1 if a tRNS chunk is present.
    int has_transparency;
    /// JPEG: 1 if arithmetic-coded.
    int arithmetic;
    /// JPEG: sampling factors of up to 4 components.
    int h_samp[4];
    int v_samp[4];
    /// JPEG: 1 if the luminance / chrominance tables below are filled in.
    int has_luma_table;
    int has_chroma_table;
    /// JPEG: quantisation tables of the first and second components, natural (row-major) order.
    uint16_t luma_table[64];
    uint16_t chroma_table[64];
} tt_facts;

// MARK: PNG

/// Reads the PNG header (IHDR and the chunks before IDAT).
int tt_png_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err);

/// Decodes the rectangle [x0, x0+w) × [y0, y0+h) into `out`, which holds
/// w·h·out_channels bytes (see tt_png_facts). Palettes are expanded, alpha is
/// stripped (not composited), sub-byte grey is scaled to 8 bits, and 16-bit
/// samples are scaled to 8 bits with libpng's png_set_scale_16 (round(v·255/65535)).
/// Rows below the region are not decoded; with TT_DECODE_CHECK_REST in `flags` the
/// file is checked to its end (the rest of the zlib stream inflated, the chunks to
/// IEND with their CRCs), so image data that ends early is TT_E_TRUNCATED wherever
/// the cut lies. Adam7
/// files are assembled one reduced row at a time: memory does not grow with the
/// image. Refuses a header that claims more rows than the file could hold
/// (deflate compresses at most 1032:1).
int tt_png_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                  uint32_t h, int flags, uint64_t budget, uint8_t *out, tt_error *err);

/// Encodes rows already laid out in PNG's own format (packed sub-byte samples,
/// big-endian 16-bit) with the given IHDR. `palette` holds palette_entries RGB
/// triples; `trns` holds trns_count bytes for palettes. On success *out is a
/// malloc'd buffer to release with tt_free.
int tt_png_encode_raw(const uint8_t *rows, size_t row_bytes, uint32_t width, uint32_t height,
                      int bit_depth, int color_type, int interlace, const uint8_t *palette,
                      int palette_entries, const uint8_t *trns, int trns_count, uint8_t **out,
                      size_t *out_size, tt_error *err);

// MARK: JPEG

/// Reads the JPEG header: size, components, sampling factors, quantisation tables.
int tt_jpeg_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err);

/// Decodes the rectangle [x0, x0+w) × [y0, y0+h) into `out` (w·h·out_channels
/// bytes) with the accurate integer IDCT and libjpeg's default upsampling. No
/// EXIF rotation is applied. Only the needed columns are decoded
/// (jpeg_crop_scanline), the rows above and below are skipped
/// (jpeg_skip_scanlines: entropy-decoded only). With TT_DECODE_STRICT: any libjpeg
/// warning (corrupt or missing data) is an error; with TT_DECODE_CHECK_REST too,
/// the rows below the region are entropy-decoded and the file read to its EOI, so
/// a cut anywhere is seen; an
/// arithmetic-coded scan that meets a marker before its last iMCU row, a
/// progressive file whose coefficients never all arrive, a Huffman file too small
/// for its header, and more than 1000 scans are errors. Otherwise decoding stops
/// after the last needed row, as libjpeg would. CMYK and YCCK files are refused.
int tt_jpeg_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, int flags, uint64_t budget, uint8_t *out, tt_error *err);

/// Encodes 8-bit interleaved pixels (1 = grey, 3 = RGB) at an IJG quality
/// (1–100), with 4:2:0 chroma subsampling when `subsample420` is non-zero and
/// 4:4:4 otherwise. On success *out is a malloc'd buffer to release with tt_free.
int tt_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int quality, int subsample420, uint8_t **out, size_t *out_size, tt_error *err);

/// tt_jpeg_encode with the coding chosen: `progressive` (libjpeg's standard
/// progression script), `arithmetic` coding instead of Huffman, and a restart
/// marker every `restart_rows` MCU rows (0: none). Tests use it to make the
/// variants the decoder must handle.
int tt_jpeg_encode_coded(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                         int quality, int subsample420, int progressive, int arithmetic,
                         int restart_rows, uint8_t **out, size_t *out_size, tt_error *err);

/// Encodes 8-bit interleaved pixels (1 = grey, 3 = RGB) as a non-interlaced PNG.
int tt_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                  uint8_t **out, size_t *out_size, tt_error *err);

/// Releases a buffer returned by an encoder.
void tt_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
