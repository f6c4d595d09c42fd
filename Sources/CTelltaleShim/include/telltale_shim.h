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
    // WebP and TIFF (all zero for PNG and JPEG).
    /// WebP, TIFF: 1 if an alpha channel (WebP) or alpha extra sample (TIFF) is stored; it is dropped on decode.
    int has_alpha;
    /// WebP: 1 if the file is an animation (VP8X animation flag).
    int animated;
    /// WebP: the number of ANMF frame chunks of an animation (1 for a still image).
    uint32_t frames;
    /// WebP: 1 lossy (VP8), 2 lossless (VP8L), 0 mixed or undefined (animations). TIFF: the Compression tag.
    int compression;
    /// TIFF: the Photometric tag (PHOTOMETRIC_*).
    int photometric;
    /// TIFF: PlanarConfiguration, 1 contiguous (chunky), 2 separate planes.
    int planar;
    /// TIFF: SampleFormat, 1 unsigned integer, 2 signed, 3 IEEE float, 4 untyped, 5/6 complex.
    int sample_format;
    /// TIFF: 1 if the image is stored in tiles, 0 in strips.
    int tiled;
    /// TIFF: tile width and height, or the image width and rows per strip.
    uint32_t block_width;
    uint32_t block_height;
    /// TIFF: the number of images (IFDs) in the file; only the first is decoded.
    uint32_t pages;
    /// TIFF: 1 if the file is BigTIFF.
    int bigtiff;
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

/// What libjpeg would allocate for the whole-image DCT coefficients (plus its rows)
/// to decode the JPEG stream in `data` when it is multi-scan (progressive, or
/// sequential with more than one scan); 0 for a single-scan stream or one whose
/// header cannot be read. For JPEG-in-TIFF strips and tiles.
uint64_t tt_jpeg_coefficient_memory(const uint8_t *data, size_t size);

/// Encodes 8-bit interleaved pixels (1 = grey, 3 = RGB) at an IJG quality
/// (1–100), with 4:2:0 chroma subsampling when `subsample420` is non-zero and
/// 4:4:4 otherwise. On success *out is a malloc'd buffer to release with tt_free.
int tt_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int quality, int subsample420, uint8_t **out, size_t *out_size, tt_error *err);

/// tt_jpeg_encode with the coding chosen: `progressive` (libjpeg's standard
/// progression script; 2: sequential, one scan per component), `arithmetic` coding instead of Huffman, and a restart
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

// MARK: WebP
//
// libwebp reports failures as status codes (VP8StatusCode); nothing longjmps.

/// Reads the WebP headers (RIFF, VP8X, VP8/VP8L frame header): size, lossy or
/// lossless, alpha, animation and its frame count. out_channels is always 3.
int tt_webp_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err);

/// Decodes the rectangle [x0, x0+w) × [y0, y0+h) of a still WebP into `out`
/// (w·h·3 bytes, RGB) with libwebp's default (fancy) upsampling and no dithering.
/// Alpha is dropped, not composited. libwebp crops first (WebPDecoderConfig's
/// use_cropping): an even-aligned box around the rectangle with a two-pixel margin
/// is decoded into a buffer of the box's size and the rectangle copied out, so the
/// pixels equal the same crop of a full decode. Lossless WebP needs the whole
/// decoded ARGB image (4·W·H bytes), which is counted against `budget`. Animated
/// WebP is refused (TT_E_UNSUPPORTED); a file shorter than its RIFF header says is
/// TT_E_TRUNCATED, wherever the region lies. (No decode flags: that check reads a
/// header field, so it is always made; libwebp's own checks are always strict.)
int tt_webp_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, uint64_t budget, uint8_t *out, tt_error *err);

/// Encodes 8-bit interleaved RGB (channels 3) or RGBA (4) pixels through
/// libwebp's simple API: lossy at `quality` (0–100), or lossless when `quality`
/// is negative. On success *out is a malloc'd buffer to release with tt_free.
int tt_webp_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int quality, uint8_t **out, size_t *out_size, tt_error *err);

// MARK: TIFF
//
// libtiff reports errors and warnings through handlers, not longjmp. The shim
// installs per-handle handlers (TIFFOpenOptions, libtiff >= 4.5) that record
// the first message in `err`; there is no global mutable state, so decodes may
// run on several threads at once. Every libtiff allocation of the handle is also
// capped (TIFFOpenOptionsSetMaxSingleMemAlloc).

/// Reads the first image file directory (and counts the others): size, samples,
/// bit depth, photometric, compression, planar configuration, strips or tiles.
/// out_channels is 1 for grey (min-is-black or min-is-white) and 3 otherwise.
int tt_tiff_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err);

/// Decodes the rectangle [x0, x0+w) × [y0, y0+h) of the first image into `out`
/// (w·h·out_channels bytes). Supported: unsigned-integer samples of 1, 2, 4, 8 or
/// 16 bits; min-is-black and min-is-white grey (inverted), RGB, palette (expanded
/// to RGB, the 16-bit colormap reduced as libtiff's own RGBA reader does), YCbCr
/// when JPEG-compressed (converted to RGB by libjpeg, JPEGCOLORMODE_RGB); extra
/// samples (alpha) dropped, not composited; contiguous or separate planes; strips
/// or tiles; any compression libtiff decodes. 16-bit samples are reduced by
/// round(v·255/65535) (as PNG's png_set_scale_16), 1/2/4-bit grey by v·255/(2^b−1).
/// No Orientation tag is applied. Strips are read a row at a time (TIFFReadScanline),
/// from the first row of the strip holding y0 and only down to y0+h−1; tiles one
/// at a time, only those the rectangle meets. Every strip and tile the directory
/// lists, outside the rectangle too, must lie inside the file and, where the
/// compression bounds the ratio (none 1:1, PackBits 64:1, Deflate 1032:1), be
/// large enough for its pixels (else TT_E_TRUNCATED, before any decoding). Any
/// libtiff warning while pixels are decoded (missing or corrupt data) fails the
/// decode. CMYK, Lab, float, signed, complex and other variants are refused
/// (TT_E_UNSUPPORTED) with the reason. (No decode flags: the checks below the
/// region read only the directory, so they are always made.)
int tt_tiff_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, uint64_t budget, uint8_t *out, tt_error *err);

/// How tt_tiff_encode writes a test image.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// Samples per pixel, extra samples included.
    int samples_per_pixel;
    /// 1, 2, 4, 8 or 16.
    int bits_per_sample;
    /// PHOTOMETRIC_* (0 min-is-white, 1 min-is-black, 2 RGB, 3 palette, 5 separated, 6 YCbCr, 8 CIELab).
    int photometric;
    /// COMPRESSION_* (1 none, 5 LZW, 7 JPEG, 8 Deflate, 32773 PackBits…).
    int compression;
    /// 1 contiguous, 2 separate planes.
    int planar;
    /// Tile size (multiples of 16), or 0 for strips.
    uint32_t tile_width;
    uint32_t tile_height;
    /// Rows per strip (0: libtiff's default).
    uint32_t rows_per_strip;
    /// How many of the samples are extra; the first extra is unassociated alpha.
    int extra_samples;
    /// SampleFormat (0: not written, i.e. unsigned integer).
    int sample_format;
    /// Predictor for LZW/Deflate (0: none).
    int predictor;
    /// JPEG: quality (0: libtiff's default 75).
    int jpeg_quality;
    /// Big-endian (Motorola) byte order instead of little-endian.
    int big_endian;
    /// Write BigTIFF.
    int bigtiff;
    /// More pages after the first (each a 3×2 8-bit grey image).
    int extra_pages;
    /// Palette: 3·2^bits entries, all reds, then greens, then blues (16-bit values).
    const uint16_t *colormap;
} tt_tiff_params;

/// Writes a TIFF into memory through libtiff. `samples` holds the image in
/// TIFF's own layout: rows of packed samples (sub-byte samples MSB first, each row
/// padded to a byte; 16-bit samples in host byte order), interleaved for planar 1,
/// or one whole plane after another for planar 2. JPEG with photometric YCbCr takes
/// RGB samples (libtiff converts them, JPEGCOLORMODE_RGB). On success *out is a
/// malloc'd buffer to release with tt_free.
int tt_tiff_encode(const uint8_t *samples, const tt_tiff_params *params, uint8_t **out,
                   size_t *out_size, tt_error *err);

#ifdef __cplusplus
}
#endif

#endif
