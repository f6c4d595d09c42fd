// libtiff behind the shim's contract: see telltale_shim.h.
//
// libtiff reports problems through error and warning handlers and return codes;
// it never longjmps. Every handle here is opened with TIFFClientOpenExt and
// TIFFOpenOptions (libtiff >= 4.5) carrying this file's own handlers, whose user
// data is a per-call record, so nothing global is touched and any number of
// threads may decode at once. The handlers return 1, so libtiff's global
// handlers (which print to stderr) are not called for the handle's messages.
//
// Pixels are converted here from the samples libtiff decodes
// (TIFFReadScanline/TIFFReadEncodedTile), not through TIFFReadRGBAImage: that
// reader allocates a raster of the whole image (4·W·H bytes) whatever region is
// wanted, reduces 16-bit samples by v >> 8 (not round(v·255/65535) as PNG's
// png_set_scale_16 does) and composites nothing but still returns RGBA, so it
// would neither keep memory proportional to the crop nor match the PNG path.
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

#include "shim_error.h"
#include "telltale_shim.h"

static int check_signature(const uint8_t *data, size_t size, tt_error *err) {
    if (size >= 4 && ((data[0] == 'I' && data[1] == 'I' && (data[2] == 42 || data[2] == 43) && data[3] == 0) ||
                      (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && (data[3] == 42 || data[3] == 43)))) {
        return TT_OK;
    }
    tt_error_set(err, TT_E_CORRUPT, "not a TIFF: wrong signature");
    return TT_E_CORRUPT;
}

// MARK: - Messages

/// Per-call record the handlers write to.
typedef struct {
    tt_error *err;
    /// 1 while pixels are decoded: a warning then (missing or corrupt data that
    /// libtiff or libjpeg would paper over) fails the decode. Warnings while the
    /// directory is read (unknown tags, unsorted entries…) are not failures.
    int decoding;
    /// The first error (or decoding warning) has been recorded.
    int failed;
    /// While the directory was read, a tag's data could not be read because the file
    /// ends first (libtiff's "IO error during reading of …; tag ignored"): the first
    /// such message. libtiff goes on without the tag — a palette image without its
    /// ColorMap becomes a grey one — so the file is refused as truncated.
    char directory_cut[160];
} tiff_report;

/// TT_E_* for a libtiff message: running out of data is truncation, a hit of the
/// allocation cap is the budget, the rest corruption.
static int classify(const char *text, uint64_t *needed) {
    unsigned long long bytes = 0;
    const char *cap = strstr(text, "Memory allocation of ");
    if (cap != NULL && strstr(text, "limit") != NULL &&
        sscanf(cap, "Memory allocation of %llu bytes", &bytes) == 1) {
        *needed = bytes;
        return TT_E_BUDGET;
    }
    static const char *const ends[] = {
        "Not enough data", "Premature end", "Read error", "end of file", "EOF", "Cannot read",
        "Can not read", "IO error", "past end", "beyond end", "not terminated",
    };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        if (strstr(text, ends[i]) != NULL) return TT_E_TRUNCATED;
    }
    // zlib's Z_BUF_ERROR (no message): the Deflate data ran out. (A strip or tile
    // decoded whole goes through libdeflate, which reports a cut stream and a bad one
    // alike as "Decoding error": that stays corruption.)
    const char *z = strstr(text, "ZLib error: ");
    if (z != NULL && (z[12] == 0 || strcmp(z + 12, "(null)") == 0)) return TT_E_TRUNCATED;
    return TT_E_CORRUPT;
}

static void record(tiff_report *report, const char *module, const char *format, va_list ap) {
    if (report == NULL || report->failed) return;  // keep the first message
    char text[sizeof report->err->message];
    vsnprintf(text, sizeof text, format, ap);
    uint64_t needed = 0;
    int code = classify(text, &needed);
    if (module != NULL && module[0] != 0) {
        tt_error_set(report->err, code, "%s: %s", module, text);
    } else {
        tt_error_set(report->err, code, "%s", text);
    }
    if (code == TT_E_BUDGET) report->err->needed = needed;
    report->failed = 1;
}

static int on_tiff_error(TIFF *tif, void *user_data, const char *module, const char *format, va_list ap) {
    (void)tif;
    record((tiff_report *)user_data, module, format, ap);
    return 1;  // handled: libtiff's global handlers are not called
}

static int on_tiff_warning(TIFF *tif, void *user_data, const char *module, const char *format, va_list ap) {
    (void)tif;
    tiff_report *report = (tiff_report *)user_data;
    if (report == NULL) return 1;
    if (report->decoding) {
        record(report, module, format, ap);
    } else if (report->directory_cut[0] == 0) {
        char text[sizeof report->directory_cut];
        vsnprintf(text, sizeof text, format, ap);
        uint64_t needed = 0;
        if (classify(text, &needed) == TT_E_TRUNCATED) {
            char *ignored = strstr(text, "; tag ignored");
            if (ignored != NULL) *ignored = 0;
            snprintf(report->directory_cut, sizeof report->directory_cut, "%s", text);
        }
    }
    return 1;
}

// MARK: - Reading from memory

typedef struct {
    const uint8_t *data;
    size_t size;
    uint64_t pos;
} tiff_source;

static tmsize_t source_read(thandle_t handle, void *buffer, tmsize_t n) {
    tiff_source *src = (tiff_source *)handle;
    if (n <= 0 || src->pos >= src->size) return 0;
    uint64_t available = src->size - src->pos;
    if ((uint64_t)n > available) n = (tmsize_t)available;
    memcpy(buffer, src->data + src->pos, (size_t)n);
    src->pos += (uint64_t)n;
    return n;
}

static tmsize_t source_write(thandle_t handle, void *buffer, tmsize_t n) {
    (void)handle;
    (void)buffer;
    (void)n;
    return 0;
}

static toff_t source_seek(thandle_t handle, toff_t offset, int whence) {
    tiff_source *src = (tiff_source *)handle;
    uint64_t base = whence == SEEK_CUR ? src->pos : whence == SEEK_END ? src->size : 0;
    if (offset > UINT64_MAX - base) return (toff_t)-1;
    src->pos = base + offset;
    return src->pos;
}

static int source_close(thandle_t handle) {
    (void)handle;
    return 0;
}

static toff_t source_size(thandle_t handle) { return ((tiff_source *)handle)->size; }

/// The data is already in memory: libtiff reads strips and tiles straight from it
/// (no copy) unless it must reverse their bit order (FillOrder 2). libtiff's
/// decoders never write to mapped data (it is read-only for real mappings).
static int source_map(thandle_t handle, void **base, toff_t *size) {
    tiff_source *src = (tiff_source *)handle;
    *base = (void *)src->data;
    *size = src->size;
    return 1;
}

static void source_unmap(thandle_t handle, void *base, toff_t size) {
    (void)handle;
    (void)base;
    (void)size;
}

/// Opens the first directory. `max_alloc` caps every single allocation of libtiff's.
static TIFF *open_tiff(tiff_source *src, tiff_report *report, uint64_t max_alloc) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) {
        tt_error_set(report->err, TT_E_NOMEM, "out of memory");
        return NULL;
    }
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_tiff_error, report);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_tiff_warning, report);
    if (max_alloc > (uint64_t)INT64_MAX) max_alloc = (uint64_t)INT64_MAX;
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)max_alloc);
    TIFF *tif = TIFFClientOpenExt("TIFF", "r", (thandle_t)src, source_read, source_write, source_seek,
                                  source_close, source_size, source_map, source_unmap, options);
    TIFFOpenOptionsFree(options);  // the handle keeps its own copy of the options
    if (tif == NULL) {
        if (!report->failed) tt_error_set(report->err, TT_E_CORRUPT, "libtiff cannot open the file");
        return NULL;
    }
    if (report->directory_cut[0] != 0) {
        tt_error_set(report->err, TT_E_TRUNCATED, "the directory's data ends with the file: %s", report->directory_cut);
        TIFFClose(tif);
        return NULL;
    }
    // An error libtiff recovered from while reading the directory (a bad optional
    // tag, which it ignores) does not fail the file; the pixels are checked later.
    report->failed = 0;
    tt_error_set(report->err, TT_OK, "");
    return tif;
}

// MARK: - Layout

typedef struct {
    uint32_t width, height;
    uint16_t bps, spp, photometric, compression, planar, sample_format, fill_order;
    uint16_t extra_count;
    int has_alpha;
    int tiled;
    uint32_t block_width, block_height;  // tile size, or (width, rows per strip)
    uint16_t ycbcr_h, ycbcr_v;
} tiff_layout;

static int read_layout(TIFF *tif, tiff_layout *l, tt_error *err) {
    memset(l, 0, sizeof *l);
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &l->width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &l->height)) {
        tt_error_set(err, TT_E_CORRUPT, "no ImageWidth or ImageLength tag");
        return TT_E_CORRUPT;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &l->bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &l->spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &l->compression);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &l->planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &l->sample_format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_FILLORDER, &l->fill_order);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &l->photometric)) l->photometric = 0xFFFF;
    uint16_t *types = NULL;
    if (TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &l->extra_count, &types) && types != NULL) {
        for (uint16_t i = 0; i < l->extra_count; i++) {
            if (types[i] == EXTRASAMPLE_ASSOCALPHA || types[i] == EXTRASAMPLE_UNASSALPHA) l->has_alpha = 1;
        }
    }
    l->tiled = TIFFIsTiled(tif) ? 1 : 0;
    if (l->tiled) {
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &l->block_width);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &l->block_height);
    } else {
        uint32_t rows = 0;
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows);
        l->block_width = l->width;
        l->block_height = rows == 0 || rows > l->height ? l->height : rows;
    }
    l->ycbcr_h = l->ycbcr_v = 1;
    if (l->photometric == PHOTOMETRIC_YCBCR) {
        TIFFGetFieldDefaulted(tif, TIFFTAG_YCBCRSUBSAMPLING, &l->ycbcr_h, &l->ycbcr_v);
    }
    return TT_OK;
}

static int is_grey(const tiff_layout *l) {
    return l->photometric == PHOTOMETRIC_MINISBLACK || l->photometric == PHOTOMETRIC_MINISWHITE;
}

int tt_tiff_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err) {
    tt_error_set(err, TT_OK, "");
    if (check_signature(data, size, err) != TT_OK) return err->code;
    tiff_source src = {data, size, 0};
    tiff_report report = {err, 0, 0};
    // Directory arrays (strip offsets…) are stored in the file, so twice its size
    // and 64 MiB more are plenty; a header claiming more is refused.
    uint64_t cap = 2 * (uint64_t)size + (64u << 20);
    TIFF *tif = open_tiff(&src, &report, cap);
    if (tif == NULL) return err->code;
    tiff_layout l;
    if (read_layout(tif, &l, err) != TT_OK) {
        TIFFClose(tif);
        return err->code;
    }
    memset(facts, 0, sizeof *facts);
    facts->width = l.width;
    facts->height = l.height;
    facts->out_channels = is_grey(&l) ? 1 : 3;
    facts->stored_channels = l.spp;
    facts->bit_depth = l.bps;
    facts->has_alpha = l.has_alpha;
    facts->compression = l.compression;
    facts->photometric = l.photometric;
    facts->planar = l.planar;
    facts->sample_format = l.sample_format;
    facts->tiled = l.tiled;
    facts->block_width = l.block_width;
    facts->block_height = l.block_height;
    facts->bigtiff = TIFFIsBigTIFF(tif) ? 1 : 0;
    if (l.photometric == PHOTOMETRIC_YCBCR) {
        // As JPEG's sampling factors: luma (h, v), each chroma component (1, 1).
        facts->h_samp[0] = l.ycbcr_h;
        facts->v_samp[0] = l.ycbcr_v;
        facts->h_samp[1] = facts->h_samp[2] = 1;
        facts->v_samp[1] = facts->v_samp[2] = 1;
    }
    facts->pages = TIFFNumberOfDirectories(tif);
    TIFFClose(tif);
    report.failed = 0;
    tt_error_set(err, TT_OK, "");  // an error met while counting pages beyond the first is not the first's
    return TT_OK;
}

// MARK: - Decoding

static const char *photometric_name(uint16_t photometric) {
    switch (photometric) {
        case PHOTOMETRIC_MASK: return "transparency-mask";
        case PHOTOMETRIC_SEPARATED: return "CMYK (separated)";
        case PHOTOMETRIC_CIELAB: return "CIE L*a*b*";
        case PHOTOMETRIC_ICCLAB: return "ICC L*a*b*";
        case PHOTOMETRIC_ITULAB: return "ITU L*a*b*";
        case PHOTOMETRIC_CFA: return "colour-filter-array (raw sensor)";
        case PHOTOMETRIC_LOGL: return "LogL";
        case PHOTOMETRIC_LOGLUV: return "LogLuv";
        case 34892: return "linear raw";
        default: return NULL;
    }
}

/// TT_OK if the shim converts this layout, else TT_E_UNSUPPORTED (or CORRUPT) with the reason.
static int check_supported(TIFF *tif, const tiff_layout *l, tt_error *err) {
    if (l->sample_format != SAMPLEFORMAT_UINT) {
        const char *what = l->sample_format == SAMPLEFORMAT_INT ? "signed-integer"
                         : l->sample_format == SAMPLEFORMAT_IEEEFP ? "floating-point"
                         : l->sample_format == SAMPLEFORMAT_VOID ? "untyped (SampleFormat 4)"
                         : l->sample_format == SAMPLEFORMAT_COMPLEXINT || l->sample_format == SAMPLEFORMAT_COMPLEXIEEEFP ? "complex"
                         : "unknown-format";
        tt_error_set(err, TT_E_UNSUPPORTED, "TIFF with %s samples", what);
        return TT_E_UNSUPPORTED;
    }
    if (!TIFFIsCODECConfigured(l->compression)) {
        const TIFFCodec *codec = TIFFFindCODEC(l->compression);
        tt_error_set(err, TT_E_UNSUPPORTED, "TIFF compression %u%s%s%s, which this libtiff does not decode",
                  l->compression, codec ? " (" : "", codec ? codec->name : "", codec ? ")" : "");
        return TT_E_UNSUPPORTED;
    }
    if (l->compression == COMPRESSION_OJPEG) {
        tt_error_set(err, TT_E_UNSUPPORTED, "old-style JPEG-in-TIFF (compression 6)");
        return TT_E_UNSUPPORTED;
    }
    const char *name = photometric_name(l->photometric);
    if (name != NULL) {
        tt_error_set(err, TT_E_UNSUPPORTED, "%s TIFF", name);
        return TT_E_UNSUPPORTED;
    }
    int bits_ok = l->bps == 1 || l->bps == 2 || l->bps == 4 || l->bps == 8 || l->bps == 16;
    switch (l->photometric) {
        case PHOTOMETRIC_MINISBLACK:
        case PHOTOMETRIC_MINISWHITE:
            if (l->spp < 1) break;
            if (!bits_ok) goto bits;
            return TT_OK;
        case PHOTOMETRIC_RGB:
            if (l->spp < 3) {
                tt_error_set(err, TT_E_CORRUPT, "RGB TIFF with %u samples a pixel", l->spp);
                return TT_E_CORRUPT;
            }
            if (!bits_ok) goto bits;
            return TT_OK;
        case PHOTOMETRIC_PALETTE: {
            if (l->bps > 8 || !bits_ok) goto bits;
            uint16_t *r, *g, *b;
            if (!TIFFGetField(tif, TIFFTAG_COLORMAP, &r, &g, &b)) {
                tt_error_set(err, TT_E_CORRUPT, "palette TIFF without a ColorMap");
                return TT_E_CORRUPT;
            }
            return TT_OK;
        }
        case PHOTOMETRIC_YCBCR:
            if (l->compression != COMPRESSION_JPEG) {
                tt_error_set(err, TT_E_UNSUPPORTED, "YCbCr TIFF that is not JPEG-compressed");
                return TT_E_UNSUPPORTED;
            }
            if (l->bps != 8 || l->spp != 3 || l->planar != PLANARCONFIG_CONTIG) {
                tt_error_set(err, TT_E_UNSUPPORTED, "JPEG YCbCr TIFF with %u %u-bit samples%s", l->spp, l->bps,
                          l->planar != PLANARCONFIG_CONTIG ? " in separate planes" : "");
                return TT_E_UNSUPPORTED;
            }
            return TT_OK;
        case 0xFFFF:
            tt_error_set(err, TT_E_CORRUPT, "no Photometric tag");
            return TT_E_CORRUPT;
        default:
            tt_error_set(err, TT_E_UNSUPPORTED, "TIFF photometric interpretation %u", l->photometric);
            return TT_E_UNSUPPORTED;
    }
    tt_error_set(err, TT_E_CORRUPT, "TIFF with %u samples a pixel", l->spp);
    return TT_E_CORRUPT;
bits:
    tt_error_set(err, TT_E_UNSUPPORTED, l->photometric == PHOTOMETRIC_PALETTE ? "%u-bit palette TIFF" : "%u-bit TIFF samples",
              l->bps);
    return TT_E_UNSUPPORTED;
}

/// How decoded samples become 8-bit output.
typedef struct {
    int bps;
    /// Samples a pixel in the rows handed to convert(): spp, or 1 for one separate plane.
    int stride;
    int out_channels;
    int palette;
    int invert;  // min-is-white
    uint8_t lut[256];        // grey and RGB samples of 1–8 bits
    uint8_t colours[3][256];  // palette
} converter;

static void make_converter(TIFF *tif, const tiff_layout *l, converter *c) {
    memset(c, 0, sizeof *c);
    c->bps = l->bps;
    c->stride = l->planar == PLANARCONFIG_SEPARATE ? 1 : l->spp;
    c->out_channels = is_grey(l) ? 1 : 3;
    c->invert = l->photometric == PHOTOMETRIC_MINISWHITE;
    if (l->photometric == PHOTOMETRIC_PALETTE) {
        c->palette = 1;
        uint16_t *map[3];
        TIFFGetField(tif, TIFFTAG_COLORMAP, &map[0], &map[1], &map[2]);
        uint32_t entries = 1u << l->bps;
        // Colormap entries are 16-bit (65535 = full intensity). Like libtiff's own
        // RGBA reader (tif_getimage.c), and Pillow, take the high byte; and, like
        // it, read a map whose every entry is below 256 as one written with 8-bit
        // values by a non-conforming writer.
        int eight_bit = 1;
        for (int k = 0; k < 3; k++)
            for (uint32_t i = 0; i < entries; i++)
                if (map[k][i] >= 256) eight_bit = 0;
        for (int k = 0; k < 3; k++)
            for (uint32_t i = 0; i < entries; i++)
                c->colours[k][i] = (uint8_t)(eight_bit ? map[k][i] : map[k][i] >> 8);
    } else if (l->bps <= 8) {
        uint32_t max = (1u << l->bps) - 1;
        for (uint32_t v = 0; v <= max; v++) {
            uint32_t s = c->invert ? max - v : v;
            c->lut[v] = (uint8_t)(s * 255 / max);  // exact for 1, 2, 4 and 8 bits
        }
    }
}

static inline uint32_t sample_at(const uint8_t *row, uint64_t index, int bps) {
    if (bps == 8) return row[index];
    if (bps == 16) {
        uint16_t v;  // libtiff has already swapped the bytes to the host's order
        memcpy(&v, row + 2 * index, 2);
        return v;
    }
    uint64_t bit = index * (uint64_t)bps;
    return (row[bit >> 3] >> (8 - bps - (int)(bit & 7))) & ((1u << bps) - 1);
}

static inline uint8_t scale(const converter *c, uint32_t v) {
    if (c->bps == 16) {
        if (c->invert) v = 65535 - v;
        return (uint8_t)((v + 128) / 257);  // = round(v·255/65535), never a tie
    }
    return c->lut[v];
}

/// Converts `count` pixels of a decoded row, from pixel `x`, into `dst` (out_channels
/// bytes a pixel). `channel` < 0: the row holds every sample of a pixel; else it holds
/// one separate plane, which becomes output channel `channel`.
static void convert(const converter *c, const uint8_t *row, uint32_t x, uint32_t count, int channel,
                    uint8_t *dst) {
    if (c->palette) {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t v = sample_at(row, (uint64_t)(x + i) * c->stride, c->bps);
            dst[3 * i] = c->colours[0][v];
            dst[3 * i + 1] = c->colours[1][v];
            dst[3 * i + 2] = c->colours[2][v];
        }
    } else if (channel < 0) {
        for (uint32_t i = 0; i < count; i++)
            for (int k = 0; k < c->out_channels; k++)
                dst[(size_t)i * c->out_channels + k] = scale(c, sample_at(row, (uint64_t)(x + i) * c->stride + k, c->bps));
    } else {
        for (uint32_t i = 0; i < count; i++)
            dst[(size_t)i * c->out_channels + channel] = scale(c, sample_at(row, x + i, c->bps));
    }
}

/// Checks what strip or tile `strile`'s entry claims against the file: its bytes
/// must lie inside it, and hold the `decoded` bytes of its pixels where the
/// compression bounds the ratio (none 1:1, PackBits 64:1, Deflate 1032:1). Tracks
/// the largest byte count.
static int check_strile(TIFF *tif, uint32_t strile, const char *kind, int compression, uint64_t decoded,
                        size_t size, uint64_t *largest, tt_error *err) {
    int bad = 0;
    uint64_t offset = TIFFGetStrileOffsetWithErr(tif, strile, &bad);
    uint64_t bytes = bad ? 0 : TIFFGetStrileByteCountWithErr(tif, strile, &bad);
    if (bad) {
        tt_error_set(err, TT_E_CORRUPT, "%s %u has no offset or byte count", kind, strile);
        return TT_E_CORRUPT;
    }
    if (offset > size || bytes > size - offset) {
        tt_error_set(err, TT_E_TRUNCATED, "%s %u (%" PRIu64 " bytes at offset %" PRIu64 ") ends past the end of the %zu-byte file",
                  kind, strile, bytes, offset, size);
        return TT_E_TRUNCATED;
    }
    if (bytes == 0) {
        tt_error_set(err, TT_E_CORRUPT, "%s %u has no data (byte count 0)", kind, strile);
        return TT_E_CORRUPT;
    }
    const char *codec = NULL;
    uint64_t ratio = 0, slack = 0;
    switch (compression) {
        case COMPRESSION_NONE: codec = "uncompressed"; ratio = 1; break;
        case COMPRESSION_PACKBITS: codec = "PackBits"; ratio = 64; slack = 128; break;  // 2 bytes: a run of 128
        case COMPRESSION_DEFLATE:
        case COMPRESSION_ADOBE_DEFLATE: codec = "Deflate"; ratio = 1032; slack = 1024; break;  // 258 bytes per 2 bits
        default: break;
    }
    if (codec != NULL && decoded > bytes * ratio + slack) {
        tt_error_set(err, TT_E_TRUNCATED, "%s %s %u: %" PRIu64 " bytes cannot hold its %" PRIu64 " decoded bytes%s",
                  codec, kind, strile, bytes, decoded,
                  ratio > 1 ? (ratio == 64 ? " (PackBits expands at most 64:1)" : " (Deflate expands at most 1032:1)") : "");
        return TT_E_TRUNCATED;
    }
    if (bytes > *largest) *largest = bytes;
    return TT_OK;
}

/// Working memory of libtiff's decoder for one strip or tile `block_width` pixels
/// wide, besides the row or tile buffer: an estimate. LZW's code table (~120 KB),
/// zlib's window and state (~45 KB) and PackBits fit in 256 KiB; libjpeg (JPEG)
/// keeps a few row groups of every component (≤ 256 bytes a column); libwebp
/// (WebP-in-TIFF) a whole ARGB tile; LZMA and Zstandard a window (8 MiB assumed).
/// (A multi-scan JPEG strip's or tile's coefficients are counted from its own
/// header, tt_jpeg_coefficient_memory; a progressive one fails on libtiff's warning.)
static uint64_t codec_estimate(const tiff_layout *l) {
    uint64_t need = 256u << 10;
    switch (l->compression) {
        case COMPRESSION_JPEG: need += 256 * (uint64_t)l->block_width; break;
        case 50001 /* WebP */: need += 4 * (uint64_t)l->block_width * l->block_height; break;
        case COMPRESSION_LZMA:
        case 50000 /* Zstandard */: need += 8u << 20; break;
        default: break;
    }
    return need;
}

int tt_tiff_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, uint64_t budget, uint8_t *out, tt_error *err) {
    tt_error_set(err, TT_OK, "");
    if (check_signature(data, size, err) != TT_OK) return err->code;
    tiff_source src = {data, size, 0};
    tiff_report report = {err, 0, 0};
    // libtiff's own allocations are capped by the budget (at least 1 MiB, for the
    // directory): a safety net under the estimate below.
    TIFF *tif = open_tiff(&src, &report, budget > (1u << 20) ? budget : (1u << 20));
    if (tif == NULL) return err->code;
    uint8_t *block = NULL;
    tiff_layout l;
    converter *conv = NULL;
    if (read_layout(tif, &l, err) != TT_OK || check_supported(tif, &l, err) != TT_OK) goto fail;
    if (w == 0 || h == 0 || (uint64_t)x0 + w > l.width || (uint64_t)y0 + h > l.height) {
        tt_error_set(err, TT_E_ARGUMENT, "region outside the image");
        goto fail;
    }
    if (l.photometric == PHOTOMETRIC_YCBCR && !TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB)) {
        if (!report.failed) tt_error_set(err, TT_E_UNSUPPORTED, "libtiff cannot convert this JPEG YCbCr TIFF to RGB");
        goto fail;
    }
    int separate = l.planar == PLANARCONFIG_SEPARATE && l.spp > 1;
    uint64_t row_bits = (uint64_t)l.width * l.bps * (separate ? 1 : l.spp);
    uint64_t row_bytes = (row_bits + 7) / 8;  // of one plane when separate
    if (l.compression == COMPRESSION_NONE && row_bytes != 0) {
        // Uncompressed pixels are all in the file: it bounds what the header may claim.
        uint64_t rows = (uint64_t)l.height * (separate ? l.spp : 1);
        if (rows > size / row_bytes) {
            tt_error_set(err, TT_E_TRUNCATED, "an uncompressed %u×%u TIFF needs %.0f bytes; the file has %zu",
                      l.width, l.height, (double)rows * (double)row_bytes, size);
            goto fail;
        }
    }

    // The output channels to read: one plane each when planes are separate.
    int out_channels = is_grey(&l) ? 1 : 3;
    int planes = separate ? (l.photometric == PHOTOMETRIC_PALETTE ? 1 : out_channels) : 1;
    // Every strip and tile the directory lists must lie inside the file, those
    // below or beside the crop too, so that a cut anywhere is an error (as for PNG
    // and JPEG); only those the crop meets are decoded.
    uint64_t block_bytes;
    uint64_t largest = 0;
    uint64_t jpeg_coefficients = 0;
    if (l.tiled && (l.block_width == 0 || l.block_height == 0)) {
        tt_error_set(err, TT_E_CORRUPT, "zero tile size");
        goto fail;
    }
    uint64_t tile_bytes = l.tiled ? TIFFTileSize64(tif) : 0;
    uint32_t striles = l.tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
    uint32_t strips_per_plane = l.tiled ? 1 : (l.height + l.block_height - 1) / l.block_height;
    for (uint32_t s = 0; s < striles; s++) {
        uint64_t decoded = tile_bytes;
        if (!l.tiled) {
            uint32_t first = (s % strips_per_plane) * l.block_height;
            decoded = row_bytes * (l.height - first < l.block_height ? l.height - first : l.block_height);
        }
        if (check_strile(tif, s, l.tiled ? "tile" : "strip", l.compression, decoded, size, &largest, err) != TT_OK) goto fail;
        if (l.compression == COMPRESSION_JPEG) {
            // A multi-scan JPEG strip or tile: libjpeg keeps all its coefficients.
            int bad = 0;
            uint64_t offset = TIFFGetStrileOffsetWithErr(tif, s, &bad);
            uint64_t bytes = TIFFGetStrileByteCountWithErr(tif, s, &bad);
            uint64_t need = bad ? 0 : tt_jpeg_coefficient_memory(data + offset, (size_t)bytes);
            if (need > jpeg_coefficients) jpeg_coefficients = need;
        }
    }
    block_bytes = l.tiled ? tile_bytes : TIFFScanlineSize64(tif);
    if (block_bytes == 0) {
        if (!report.failed) tt_error_set(err, TT_E_CORRUPT, "libtiff cannot size a %s", l.tiled ? "tile" : "row");
        goto fail;
    }
    // Budget: the row or tile buffer, the codec's state and, only for bit-reversed
    // data (FillOrder 2), libtiff's copy of one compressed strip or tile.
    uint64_t needed = block_bytes + codec_estimate(&l) + sizeof(converter) +
                      (l.fill_order == FILLORDER_LSB2MSB ? largest : 0) + jpeg_coefficients;
    if (needed > budget) {
        err->needed = needed;
        if (jpeg_coefficients > block_bytes) {
            tt_error_set(err, TT_E_BUDGET, "the DCT coefficients of a multi-scan JPEG %s of a TIFF", l.tiled ? "tile" : "strip");
        } else if (l.tiled) {
            tt_error_set(err, TT_E_BUDGET, "one %u×%u tile of a TIFF (%" PRIu64 " bytes decoded) and its decoder",
                      l.block_width, l.block_height, block_bytes);
        } else {
            tt_error_set(err, TT_E_BUDGET, "one %u-pixel row of a TIFF (%" PRIu64 " bytes decoded) and its decoder",
                      l.width, block_bytes);
        }
        goto fail;
    }
    if (out == NULL) {  // preflight: every check passed, nothing decoded
        TIFFClose(tif);
        return TT_OK;
    }
    block = (uint8_t *)malloc((size_t)block_bytes);
    conv = (converter *)malloc(sizeof *conv);
    if (block == NULL || conv == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        goto fail;
    }
    make_converter(tif, &l, conv);

    report.decoding = 1;
    size_t out_row = (size_t)w * out_channels;
    for (int p = 0; p < planes; p++) {
        int channel = separate && !conv->palette ? p : -1;
        if (l.tiled) {
            uint64_t tile_row = TIFFTileRowSize64(tif);
            for (uint32_t ty = y0 / l.block_height * l.block_height; ty < y0 + h; ty += l.block_height) {
                for (uint32_t tx = x0 / l.block_width * l.block_width; tx < x0 + w; tx += l.block_width) {
                    uint32_t tile = TIFFComputeTile(tif, tx, ty, 0, (uint16_t)p);
                    tmsize_t got = TIFFReadEncodedTile(tif, tile, block, (tmsize_t)block_bytes);
                    if (report.failed) goto fail;
                    if (got < 0 || (uint64_t)got < block_bytes) {
                        tt_error_set(err, got < 0 ? TT_E_CORRUPT : TT_E_TRUNCATED, "tile %u: %s", tile,
                                  got < 0 ? "libtiff could not decode it" : "fewer bytes than a tile");
                        goto fail;
                    }
                    uint32_t ya = ty > y0 ? ty : y0;
                    uint32_t yb = (uint64_t)ty + l.block_height < (uint64_t)y0 + h ? ty + l.block_height : y0 + h;
                    uint32_t xa = tx > x0 ? tx : x0;
                    uint32_t xb = (uint64_t)tx + l.block_width < (uint64_t)x0 + w ? tx + l.block_width : x0 + w;
                    for (uint32_t y = ya; y < yb; y++) {
                        convert(conv, block + (size_t)(y - ty) * tile_row, xa - tx, xb - xa, channel,
                                out + (size_t)(y - y0) * out_row + (size_t)(xa - x0) * out_channels);
                    }
                }
            }
        } else {
            // Rows in order from the first row of the strip holding y0 (libtiff's
            // codecs cannot seek inside a strip), down to y0+h-1 and no further.
            for (uint32_t y = y0 / l.block_height * l.block_height; y < y0 + h; y++) {
                int got = TIFFReadScanline(tif, block, y, (uint16_t)p);
                if (report.failed) goto fail;
                if (got < 0) {
                    tt_error_set(err, TT_E_CORRUPT, "row %u: libtiff could not decode it", y);
                    goto fail;
                }
                if (y >= y0) convert(conv, block, x0, w, channel, out + (size_t)(y - y0) * out_row);
            }
        }
    }
    free(block);
    free(conv);
    TIFFClose(tif);
    return TT_OK;
fail:
    free(block);
    free(conv);
    TIFFClose(tif);
    return err->code != TT_OK ? err->code : TT_E_CORRUPT;
}

// MARK: - Encoding (test images)

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    uint64_t pos;
    int failed;
} tiff_sink;

static tmsize_t sink_write(thandle_t handle, void *buffer, tmsize_t n) {
    tiff_sink *sink = (tiff_sink *)handle;
    if (n < 0) return -1;
    uint64_t end = sink->pos + (uint64_t)n;
    if (end > SIZE_MAX / 2) { sink->failed = 1; return -1; }
    if (end > sink->capacity) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (capacity < end) capacity *= 2;
        uint8_t *grown = (uint8_t *)realloc(sink->data, capacity);
        if (grown == NULL) { sink->failed = 1; return -1; }
        sink->data = grown;
        sink->capacity = capacity;
    }
    if (sink->pos > sink->size) memset(sink->data + sink->size, 0, (size_t)(sink->pos - sink->size));
    memcpy(sink->data + sink->pos, buffer, (size_t)n);
    sink->pos = end;
    if (end > sink->size) sink->size = (size_t)end;
    return n;
}

static tmsize_t sink_read(thandle_t handle, void *buffer, tmsize_t n) {
    tiff_sink *sink = (tiff_sink *)handle;
    if (n <= 0 || sink->pos >= sink->size) return 0;
    uint64_t available = sink->size - sink->pos;
    if ((uint64_t)n > available) n = (tmsize_t)available;
    memcpy(buffer, sink->data + sink->pos, (size_t)n);
    sink->pos += (uint64_t)n;
    return n;
}

static toff_t sink_seek(thandle_t handle, toff_t offset, int whence) {
    tiff_sink *sink = (tiff_sink *)handle;
    uint64_t base = whence == SEEK_CUR ? sink->pos : whence == SEEK_END ? sink->size : 0;
    sink->pos = base + offset;
    return sink->pos;
}

static toff_t sink_size(thandle_t handle) { return ((tiff_sink *)handle)->size; }

static int sink_map(thandle_t handle, void **base, toff_t *size) {
    (void)handle;
    (void)base;
    (void)size;
    return 0;
}

static int write_pixels(TIFF *tif, const uint8_t *samples, const tt_tiff_params *p, tt_error *err) {
    int separate = p->planar == PLANARCONFIG_SEPARATE;
    int row_samples = separate ? 1 : p->samples_per_pixel;
    size_t row_bytes = ((size_t)p->width * row_samples * p->bits_per_sample + 7) / 8;
    size_t plane_bytes = row_bytes * p->height;
    int planes = separate ? p->samples_per_pixel : 1;
    if (p->tile_width == 0) {
        uint8_t *row = (uint8_t *)malloc(row_bytes);  // libtiff may swap bytes in place
        if (row == NULL) return TT_E_NOMEM;
        for (int s = 0; s < planes; s++) {
            for (uint32_t y = 0; y < p->height; y++) {
                memcpy(row, samples + s * plane_bytes + y * row_bytes, row_bytes);
                if (TIFFWriteScanline(tif, row, y, (uint16_t)s) < 0) {
                    free(row);
                    return TT_E_CORRUPT;
                }
            }
        }
        free(row);
        return TT_OK;
    }
    size_t tile_row = (size_t)p->tile_width * row_samples * p->bits_per_sample / 8;
    uint8_t *tile = (uint8_t *)malloc(tile_row * p->tile_height);
    if (tile == NULL) return TT_E_NOMEM;
    for (int s = 0; s < planes; s++) {
        for (uint32_t ty = 0; ty < p->height; ty += p->tile_height) {
            for (uint32_t tx = 0; tx < p->width; tx += p->tile_width) {
                memset(tile, 0, tile_row * p->tile_height);
                size_t from = (size_t)tx * row_samples * p->bits_per_sample / 8;  // tx is a multiple of 16
                size_t n = row_bytes - from < tile_row ? row_bytes - from : tile_row;
                for (uint32_t r = 0; r < p->tile_height && ty + r < p->height; r++) {
                    memcpy(tile + r * tile_row, samples + s * plane_bytes + (ty + r) * row_bytes + from, n);
                }
                if (TIFFWriteTile(tif, tile, tx, ty, 0, (uint16_t)s) < 0) {
                    free(tile);
                    return TT_E_CORRUPT;
                }
            }
        }
    }
    free(tile);
    (void)err;
    return TT_OK;
}

int tt_tiff_encode(const uint8_t *samples, const tt_tiff_params *p, uint8_t **out, size_t *out_size,
                   tt_error *err) {
    tt_error_set(err, TT_OK, "");
    *out = NULL;
    *out_size = 0;
    if (p->width == 0 || p->height == 0 || p->samples_per_pixel < 1 ||
        (p->tile_width % 16) != 0 || (p->tile_height % 16) != 0 || (p->tile_width == 0) != (p->tile_height == 0)) {
        tt_error_set(err, TT_E_ARGUMENT, "bad TIFF encoding parameters");
        return TT_E_ARGUMENT;
    }
    tiff_sink sink = {NULL, 0, 0, 0, 0};
    tiff_report report = {err, 1, 0};  // a warning while writing is a failure too
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        return TT_E_NOMEM;
    }
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_tiff_error, &report);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_tiff_warning, &report);
    char mode[8] = "w";
    strcat(mode, p->big_endian ? "b" : "l");
    if (p->bigtiff) strcat(mode, "8");
    TIFF *tif = TIFFClientOpenExt("TIFF", mode, (thandle_t)&sink, sink_read, sink_write, sink_seek,
                                  source_close, sink_size, sink_map, source_unmap, options);
    TIFFOpenOptionsFree(options);
    if (tif == NULL) {
        if (!report.failed) tt_error_set(err, TT_E_NOMEM, "libtiff cannot create a TIFF");
        free(sink.data);
        return err->code;
    }
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, p->width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, p->height);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)p->bits_per_sample);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)p->samples_per_pixel);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, (uint16_t)p->photometric);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, (uint16_t)(p->planar ? p->planar : PLANARCONFIG_CONTIG));
    TIFFSetField(tif, TIFFTAG_COMPRESSION, (uint16_t)p->compression);
    if (p->extra_samples > 0) {
        uint16_t types[16] = {0};
        int n = p->extra_samples < 16 ? p->extra_samples : 16;
        types[0] = EXTRASAMPLE_UNASSALPHA;
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, (uint16_t)n, types);
    }
    if (p->sample_format) TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, (uint16_t)p->sample_format);
    if (p->predictor) TIFFSetField(tif, TIFFTAG_PREDICTOR, (uint16_t)p->predictor);
    if (p->compression == COMPRESSION_JPEG) {
        if (p->jpeg_quality) TIFFSetField(tif, TIFFTAG_JPEGQUALITY, p->jpeg_quality);
        if (p->photometric == PHOTOMETRIC_YCBCR) TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    if (p->photometric == PHOTOMETRIC_PALETTE && p->colormap != NULL) {
        size_t entries = (size_t)1 << p->bits_per_sample;
        TIFFSetField(tif, TIFFTAG_COLORMAP, p->colormap, p->colormap + entries, p->colormap + 2 * entries);
    }
    if (p->tile_width) {
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, p->tile_width);
        TIFFSetField(tif, TIFFTAG_TILELENGTH, p->tile_height);
    } else {
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, p->rows_per_strip ? p->rows_per_strip : TIFFDefaultStripSize(tif, 0));
    }
    int status = report.failed ? err->code : write_pixels(tif, samples, p, err);
    for (int page = 0; status == TT_OK && !report.failed && page < p->extra_pages; page++) {
        if (!TIFFWriteDirectory(tif)) {
            status = TT_E_CORRUPT;
            break;
        }
        static const uint8_t grey[2][3] = {{10, 20, 30}, {40, 50, 60}};
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, 3);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, 2);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
        TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 2);
        for (uint32_t y = 0; y < 2 && status == TT_OK; y++) {
            uint8_t row[3];
            memcpy(row, grey[y], 3);
            if (TIFFWriteScanline(tif, row, y, 0) < 0) status = TT_E_CORRUPT;
        }
    }
    TIFFClose(tif);  // writes the last directory
    if (status == TT_OK && (report.failed || sink.failed)) status = report.failed ? err->code : TT_E_NOMEM;
    if (status != TT_OK) {
        if (!report.failed) tt_error_set(err, status, "libtiff could not write the test TIFF");
        free(sink.data);
        return err->code;
    }
    *out = sink.data;
    *out_size = sink.size;
    return TT_OK;
}
