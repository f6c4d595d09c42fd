// libjpeg-turbo (libjpeg API) behind setjmp: see telltale_shim.h.
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// jpegint.h (installed with libjpeg-turbo's headers) for struct jpeg_entropy_decoder,
// whose decode_mcu the arithmetic-end check wraps.
#define JPEG_INTERNALS
#include <jpeglib.h>
#include <jerror.h>

#include "shim_error.h"
#include "telltale_shim.h"

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    tt_error *err;
    int strict;
    int warned;
} shim_error_mgr;

/// Classifies libjpeg's message codes: the end of data is truncation, the rest is corruption.
static int code_for(int msg_code) {
    switch (msg_code) {
        case JWRN_JPEG_EOF:
        case JERR_INPUT_EOF:
        case JERR_INPUT_EMPTY:
            return TT_E_TRUNCATED;
        case JERR_CONVERSION_NOTIMPL:
        case JERR_BAD_PRECISION:
        case JERR_NOT_COMPILED:
        case JERR_ARITH_NOTIMPL:
            return TT_E_UNSUPPORTED;
        case JERR_OUT_OF_MEMORY:
            return TT_E_NOMEM;
        default:
            return TT_E_CORRUPT;
    }
}

static void record(j_common_ptr cinfo) {
    shim_error_mgr *mgr = (shim_error_mgr *)cinfo->err;
    if (mgr->err->code != TT_OK) return;  // keep the first message
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    tt_error_set(mgr->err, code_for(cinfo->err->msg_code), "%s", text);
}

static void on_error_exit(j_common_ptr cinfo) {
    record(cinfo);
    longjmp(((shim_error_mgr *)cinfo->err)->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    shim_error_mgr *mgr = (shim_error_mgr *)cinfo->err;
    if (level >= 0) return;  // trace messages
    // A warning: corrupt or missing data that libjpeg would paper over.
    mgr->warned = 1;
    if (mgr->strict) {
        record(cinfo);
        longjmp(mgr->jump, 1);
    }
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void install_errors(j_common_ptr cinfo, shim_error_mgr *mgr, tt_error *err, int strict) {
    cinfo->err = jpeg_std_error(&mgr->base);
    mgr->base.error_exit = on_error_exit;
    mgr->base.emit_message = on_emit_message;
    mgr->base.output_message = on_output_message;
    mgr->err = err;
    mgr->strict = strict;
    mgr->warned = 0;
}

static int check_signature(const uint8_t *data, size_t size, tt_error *err) {
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF) {
        tt_error_set(err, TT_E_CORRUPT, "not a JPEG: wrong signature");
        return TT_E_CORRUPT;
    }
    return TT_OK;
}

static void fill_facts(struct jpeg_decompress_struct *cinfo, tt_facts *facts) {
    memset(facts, 0, sizeof *facts);
    facts->width = cinfo->image_width;
    facts->height = cinfo->image_height;
    facts->stored_channels = cinfo->num_components;
    facts->bit_depth = cinfo->data_precision;
    facts->color_type = cinfo->jpeg_color_space;
    facts->interlaced_or_progressive = cinfo->progressive_mode ? 1 : 0;
    facts->arithmetic = cinfo->arith_code ? 1 : 0;
    facts->out_channels = cinfo->num_components == 1 ? 1 : 3;
    for (int c = 0; c < cinfo->num_components && c < 4; c++) {
        facts->h_samp[c] = cinfo->comp_info[c].h_samp_factor;
        facts->v_samp[c] = cinfo->comp_info[c].v_samp_factor;
    }
    for (int c = 0; c < cinfo->num_components && c < 2; c++) {
        int slot = cinfo->comp_info[c].quant_tbl_no;
        JQUANT_TBL *table = (slot >= 0 && slot < NUM_QUANT_TBLS) ? cinfo->quant_tbl_ptrs[slot] : NULL;
        if (table == NULL) continue;
        uint16_t *dest = c == 0 ? facts->luma_table : facts->chroma_table;
        for (int k = 0; k < 64; k++) dest[k] = table->quantval[k];  // natural order in libjpeg
        if (c == 0) facts->has_luma_table = 1; else facts->has_chroma_table = 1;
    }
}

int tt_jpeg_facts(const uint8_t *data, size_t size, tt_facts *facts, tt_error *err) {
    tt_error_set(err, TT_OK, "");
    if (check_signature(data, size, err) != TT_OK) return err->code;
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr mgr;
    install_errors((j_common_ptr)&cinfo, &mgr, err, 1);
    if (setjmp(mgr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return err->code;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    fill_facts(&cinfo, facts);
    jpeg_destroy_decompress(&cinfo);
    return TT_OK;
}

/// The most scans a file may have. libjpeg accepts any number, and a file of
/// thousands of tiny progressive scans makes every scan re-walk the whole
/// coefficient buffer (libjpeg-turbo's "LJT-01-003" denial of service). Real
/// encoders write at most a few dozen.
#define TT_MAX_SCANS 1000

/// Checks made while libjpeg reads the entropy-coded data, through its progress
/// hook (called before each iMCU row of input and at each jpeg_read_scanlines).
typedef struct {
    struct jpeg_progress_mgr base;
    shim_error_mgr *errors;
    int last_scan;
    /// Scans that included each component (sequential multi-scan files).
    int component_scans[4];
    /// Arithmetic coding: the scan's own MCU decoder, wrapped by count_tail_mcu, and
    /// how many MCUs it has decoded since the scan's data met a marker.
    boolean (*scan_decode_mcu)(j_decompress_ptr, JBLOCKROW *);
    long tail_mcus;
} shim_progress_mgr;

static void fail(shim_error_mgr *mgr, int code, const char *message) {
    if (mgr->err->code == TT_OK) tt_error_set(mgr->err, code, "%s", message);
    longjmp(mgr->jump, 1);
}

/// The most MCUs an arithmetic-coded scan may decode after its data has met a
/// marker. See count_tail_mcu.
#define TT_ARITH_TAIL_MCUS 2

/// Arithmetic-coded data has no "premature end" warning: by the standard's
/// convention the decoder meets the next marker and goes on decoding zero bits,
/// which is legal for the last bits of a scan (the encoder drops trailing zero
/// bytes) — and is exactly what a truncated scan followed by a marker (a cut file
/// with an EOI appended) looks like. Zero bits decode as the more probable symbol
/// of each context, i.e. invented, smooth data. So each MCU decoded after the
/// scan's data met a marker other than RSTn is counted (the scan's decode_mcu is
/// wrapped), and in a sequential scan more than TT_ARITH_TAIL_MCUS of them mean
/// the data ended early: refuse. A genuine scan ends within its last MCU or two:
/// the decoder reads at most two bytes ahead, and photographic MCUs cost more than
/// that. In a progressive scan, a marker met before the last iMCU row is refused.
/// The cost: a genuine arithmetic-coded image whose last MCUs code to nothing but
/// zero bits (a perfectly uniform band at the end of a scan) is refused too — the
/// bitstream cannot tell the two apart.
static boolean count_tail_mcu(j_decompress_ptr c, JBLOCKROW *blocks) {
    shim_progress_mgr *progress = (shim_progress_mgr *)c->progress;
    int marker = c->unread_marker;
    int after_end = marker != 0 && !(marker >= 0xD0 && marker <= 0xD7);
    boolean done = progress->scan_decode_mcu(c, blocks);
    if (!after_end) return done;
    progress->tail_mcus++;
    // Progressive scans are looser: a refinement or high-frequency scan legitimately
    // codes its last rows' blocks (all zero, or no new bits) in nothing, so there only
    // data that ends before the scan's last iMCU row is refused.
    int early = c->progressive_mode ? c->input_iMCU_row + 1 < c->total_iMCU_rows
                                    : progress->tail_mcus > TT_ARITH_TAIL_MCUS;
    if (early) {
        char text[200];
        snprintf(text, sizeof text,
                 "arithmetic-coded data of scan %d ends before the scan does, in iMCU row %u of %u (the rest would be made up)",
                 c->input_scan_number, (unsigned)c->input_iMCU_row + 1, (unsigned)c->total_iMCU_rows);
        fail(progress->errors, TT_E_TRUNCATED, text);
    }
    return done;
}

/// Wraps the current scan's MCU decoder (strict, arithmetic-coded) if not done yet.
/// libjpeg sets decode_mcu afresh at the start of every scan, so this is called
/// before each scan's first MCU: after jpeg_start_decompress for a single-scan
/// file, and from the progress hook, which runs between a scan's start and its
/// first iMCU row, for a multi-scan one.
static void wrap_scan_decoder(j_decompress_ptr c) {
    shim_progress_mgr *progress = (shim_progress_mgr *)c->progress;
    if (!c->arith_code || !progress->errors->strict || c->entropy == NULL) return;
    if (c->entropy->decode_mcu == count_tail_mcu || c->entropy->decode_mcu == NULL) return;
    progress->scan_decode_mcu = c->entropy->decode_mcu;
    progress->tail_mcus = 0;
    c->entropy->decode_mcu = count_tail_mcu;
}

static void on_progress(j_common_ptr common) {
    j_decompress_ptr c = (j_decompress_ptr)common;
    shim_progress_mgr *progress = (shim_progress_mgr *)c->progress;
    if (c->input_scan_number != progress->last_scan) {
        progress->last_scan = c->input_scan_number;
        if (c->input_scan_number > TT_MAX_SCANS) {
            fail(progress->errors, TT_E_CORRUPT, "more than 1000 scans");
        }
        for (int i = 0; i < c->comps_in_scan && i < MAX_COMPS_IN_SCAN; i++) {
            int index = c->cur_comp_info[i]->component_index;
            if (index >= 0 && index < 4) progress->component_scans[index]++;
        }
    }
    wrap_scan_decoder(c);
}

/// After a multi-scan file has been read to its end: every coefficient of every
/// component must have arrived at full precision. A progressive file cut short
/// (and given an EOI) is otherwise completed silently from the scans it has —
/// blurred, made-up detail.
static void check_complete(j_decompress_ptr c, shim_progress_mgr *progress) {
    char text[200];
    if (c->progressive_mode) {
        if (c->coef_bits == NULL) return;
        for (int ci = 0; ci < c->num_components; ci++) {
            for (int k = 0; k < DCTSIZE2; k++) {
                int bits = c->coef_bits[ci][k];
                if (bits != 0) {
                    if (bits < 0) {
                        snprintf(text, sizeof text,
                                 "progressive data ends early: coefficient %d of component %d never sent", k, ci);
                    } else {
                        snprintf(text, sizeof text,
                                 "progressive data ends early: coefficient %d of component %d lacks %d refinement bit(s)",
                                 k, ci, bits);
                    }
                    fail(progress->errors, TT_E_TRUNCATED, text);
                }
            }
        }
    } else {
        for (int ci = 0; ci < c->num_components && ci < 4; ci++) {
            if (progress->component_scans[ci] == 0) {
                snprintf(text, sizeof text, "the file ends before component %d's scan", ci);
                fail(progress->errors, TT_E_TRUNCATED, text);
            }
        }
    }
}

/// Whether libjpeg will buffer the whole image's coefficients (progressive, or
/// sequential with more than one scan). Valid after jpeg_read_header, which stops
/// at the first scan's SOS.
static int is_multi_scan(j_decompress_ptr c) {
    return c->progressive_mode || c->comps_in_scan < c->num_components;
}

/// What libjpeg will allocate to decode `c` (valid after jpeg_read_header), in
/// bytes, with a description of the largest part. Multi-scan files keep every
/// coefficient of the image: 64 × 2 bytes per 8×8 block and component, padded to
/// whole MCUs. Every file needs sample rows: per component its iMCU row height
/// with context rows (×3) at the component's full width, and the upsampled output
/// rows; plus a fixed allowance for tables and the entropy decoder.
static uint64_t working_memory(j_decompress_ptr c, const char **what) {
    uint64_t coefficients = 0, rows = 0;
    for (int ci = 0; ci < c->num_components; ci++) {
        jpeg_component_info *comp = &c->comp_info[ci];
        uint64_t wb = comp->width_in_blocks, hb = comp->height_in_blocks;
        uint64_t h = (uint64_t)comp->h_samp_factor, v = (uint64_t)comp->v_samp_factor;
        if (h > 0) wb = (wb + h - 1) / h * h;
        if (v > 0) hb = (hb + v - 1) / v * v;
        coefficients += wb * hb * DCTSIZE2 * sizeof(JCOEF);
        rows += wb * DCTSIZE * v * DCTSIZE * 3;
    }
    uint64_t out_channels = c->num_components == 1 ? 1 : 3;
    rows += (uint64_t)c->image_width * out_channels * (uint64_t)c->max_v_samp_factor * DCTSIZE * 2;
    uint64_t total = rows + (1u << 20);
    *what = "the sample rows of a JPEG";
    if (is_multi_scan(c)) {
        total += coefficients;
        *what = c->progressive_mode ? "the DCT coefficients of a progressive JPEG"
                                    : "the DCT coefficients of a multi-scan JPEG";
    }
    return total;
}

/// The fewest bytes of Huffman-coded data that can hold the image: every 8×8
/// block of every component costs at least one bit in the first (or only) scan
/// that carries its DC coefficient. Arithmetic coding has no such floor.
static uint64_t min_coded_bytes(j_decompress_ptr c) {
    if (c->arith_code) return 0;
    uint64_t blocks = 0;
    for (int ci = 0; ci < c->num_components; ci++) {
        blocks += (uint64_t)c->comp_info[ci].width_in_blocks * c->comp_info[ci].height_in_blocks;
    }
    return blocks / 8;
}

uint64_t tt_jpeg_coefficient_memory(const uint8_t *data, size_t size) {
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8) return 0;
    tt_error err;
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr mgr;
    install_errors((j_common_ptr)&cinfo, &mgr, &err, 0);
    tt_error_set(&err, TT_OK, "");
    if (setjmp(mgr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return 0;  // libtiff's decoder will refuse it
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    const char *what = "";
    uint64_t needed = 0;
    // FALSE: a tables-only stream is no error (and needs nothing).
    if (jpeg_read_header(&cinfo, FALSE) == JPEG_HEADER_OK && is_multi_scan(&cinfo)) needed = working_memory(&cinfo, &what);
    jpeg_destroy_decompress(&cinfo);
    return needed;
}

int tt_jpeg_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, int flags, uint64_t budget, uint8_t *out, tt_error *err) {
    int strict = (flags & TT_DECODE_STRICT) != 0;
    tt_error_set(err, TT_OK, "");
    if (check_signature(data, size, err) != TT_OK) return err->code;
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr mgr;
    shim_progress_mgr progress;
    JSAMPLE *volatile row = NULL;
    install_errors((j_common_ptr)&cinfo, &mgr, err, strict);
    if (setjmp(mgr.jump)) {
        free(row);
        jpeg_destroy_decompress(&cinfo);
        return err->code;
    }
    jpeg_create_decompress(&cinfo);
    // libjpeg's own ceiling on its large arrays (with no backing store, going over it is an error).
    cinfo.mem->max_memory_to_use = budget > (uint64_t)LONG_MAX ? LONG_MAX : (long)budget;
    memset(&progress, 0, sizeof progress);
    progress.base.progress_monitor = on_progress;
    progress.errors = &mgr;
    progress.last_scan = -1;
    cinfo.progress = &progress.base;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        tt_error_set(err, TT_E_UNSUPPORTED, "CMYK/YCCK JPEG (convert it to RGB first)");
        longjmp(mgr.jump, 1);
    }
    if (w == 0 || h == 0 || (uint64_t)x0 + w > cinfo.image_width || (uint64_t)y0 + h > cinfo.image_height) {
        tt_error_set(err, TT_E_ARGUMENT, "region outside the image");
        longjmp(mgr.jump, 1);
    }
    if (strict && (uint64_t)size < min_coded_bytes(&cinfo)) {
        char text[200];
        snprintf(text, sizeof text, "%zu bytes cannot hold the Huffman-coded data of a %u×%u JPEG (at least %llu bytes)",
                 size, (unsigned)cinfo.image_width, (unsigned)cinfo.image_height,
                 (unsigned long long)min_coded_bytes(&cinfo));
        tt_error_set(err, TT_E_TRUNCATED, "%s", text);
        longjmp(mgr.jump, 1);
    }
    const char *what = "";
    uint64_t needed = working_memory(&cinfo, &what);
    if (needed > budget) {
        tt_error_set(err, TT_E_BUDGET, "%s", what);
        err->needed = needed;
        longjmp(mgr.jump, 1);
    }
    if (out == NULL) {  // preflight: the header's claims checked, nothing decoded
        jpeg_destroy_decompress(&cinfo);
        return TT_OK;
    }
    int channels = cinfo.num_components == 1 ? 1 : 3;
    cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    // Block smoothing invents detail for coefficients an incomplete progressive file
    // never sent, and reaches past the crop's margin (a crop would differ from the
    // full decode). Strict decoding refuses such files; lenient decoding shows what
    // was sent.
    cinfo.do_block_smoothing = FALSE;
    int multi_scan = is_multi_scan(&cinfo);
    // A multi-scan file is read to its end here, into the coefficient buffer.
    jpeg_start_decompress(&cinfo);
    if (strict && multi_scan) check_complete(&cinfo, &progress);
    if (!multi_scan) wrap_scan_decoder(&cinfo);

    // Decode a margin of one iMCU around the region so that fancy upsampling at
    // the region's edges sees the same neighbours as a full decode would.
    JDIMENSION margin = (JDIMENSION)(cinfo.max_h_samp_factor * DCTSIZE);
    JDIMENSION vmargin = (JDIMENSION)(cinfo.max_v_samp_factor * DCTSIZE);
    JDIMENSION crop_x = x0 > margin ? x0 - margin : 0;
    JDIMENSION crop_end = x0 + w + margin < cinfo.output_width ? x0 + w + margin : cinfo.output_width;
    JDIMENSION crop_w = crop_end - crop_x;
    if (crop_x != 0 || crop_w != cinfo.output_width) {
        jpeg_crop_scanline(&cinfo, &crop_x, &crop_w);  // widens to the iMCU grid
    }
    JDIMENSION first_row = y0 > vmargin ? y0 - vmargin : 0;
    if (first_row > 0) {
        JDIMENSION skipped = jpeg_skip_scanlines(&cinfo, first_row);
        if (skipped != first_row) {
            tt_error_set(err, TT_E_TRUNCATED, "fewer rows than the header says");
            longjmp(mgr.jump, 1);
        }
    }
    size_t row_stride = (size_t)cinfo.output_width * channels;
    row = (JSAMPLE *)malloc(row_stride);
    if (row == NULL) {
        tt_error_set(err, TT_E_NOMEM, "out of memory");
        longjmp(mgr.jump, 1);
    }
    size_t out_row = (size_t)w * channels;
    size_t column = (size_t)(x0 - crop_x) * channels;
    while (cinfo.output_scanline < y0 + h) {
        JDIMENSION y = cinfo.output_scanline;
        JSAMPROW rows[1] = {row};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            tt_error_set(err, TT_E_TRUNCATED, "no more rows");
            longjmp(mgr.jump, 1);
        }
        if (y >= y0) memcpy(out + (size_t)(y - y0) * out_row, row + column, out_row);
    }
    free(row);
    row = NULL;
    if (strict && (flags & TT_DECODE_CHECK_REST) && !multi_scan) {
        // The rows below the region are not decoded, but their data is checked: the
        // entropy decoder runs over them (jpeg_skip_scanlines: no IDCT, no colour
        // conversion) and the file must go on to its EOI. A file whose data ends
        // early is refused even when the cut lies below the region.
        // (Skipping to the very end would only mark the input finished, unread: skip
        // all but the last row, and read that one.)
        JDIMENSION rest = cinfo.output_height - cinfo.output_scanline;
        if (rest > 1 && jpeg_skip_scanlines(&cinfo, rest - 1) != rest - 1) {
            tt_error_set(err, TT_E_TRUNCATED, "fewer rows than the header says");
            longjmp(mgr.jump, 1);
        }
        if (rest > 0) {
            row = (JSAMPLE *)malloc(row_stride);
            JSAMPROW rows[1] = {row};
            if (row == NULL || jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
                tt_error_set(err, row == NULL ? TT_E_NOMEM : TT_E_TRUNCATED, "%s", row == NULL ? "out of memory" : "no more rows");
                longjmp(mgr.jump, 1);
            }
            free(row);
            row = NULL;
        }
        jpeg_finish_decompress(&cinfo);
    } else {
        // Lenient, not asked to check the rest, or already read to its end (multi-scan): stop here.
        jpeg_abort_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return TT_OK;
}

int tt_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int quality, int subsample420, uint8_t **out, size_t *out_size, tt_error *err) {
    return tt_jpeg_encode_coded(pixels, width, height, channels, quality, subsample420, 0, 0, 0, out,
                                out_size, err);
}

int tt_jpeg_encode_coded(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                         int quality, int subsample420, int progressive, int arithmetic,
                         int restart_rows, uint8_t **out, size_t *out_size, tt_error *err) {
    tt_error_set(err, TT_OK, "");
    *out = NULL;
    *out_size = 0;
    if (channels != 1 && channels != 3) {
        tt_error_set(err, TT_E_ARGUMENT, "JPEG encoding takes 1 or 3 channels");
        return TT_E_ARGUMENT;
    }
    struct jpeg_compress_struct cinfo;
    shim_error_mgr mgr;
    unsigned char *volatile buffer = NULL;
    unsigned long buffer_size = 0;
    install_errors((j_common_ptr)&cinfo, &mgr, err, 0);
    if (setjmp(mgr.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return err->code;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &buffer_size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.dct_method = JDCT_ISLOW;
    if (channels == 3 && !subsample420) {
        for (int c = 0; c < 3; c++) {
            cinfo.comp_info[c].h_samp_factor = 1;
            cinfo.comp_info[c].v_samp_factor = 1;
        }
    }
    // progressive 2: sequential, one scan per component (a multi-scan baseline file).
    static const jpeg_scan_info per_component[3] = {{1, {0}, 0, 63, 0, 0}, {1, {1}, 0, 63, 0, 0}, {1, {2}, 0, 63, 0, 0}};
    if (progressive == 2) {
        cinfo.scan_info = per_component;
        cinfo.num_scans = channels;
    } else if (progressive) {
        jpeg_simple_progression(&cinfo);
    }
    cinfo.arith_code = arithmetic ? TRUE : FALSE;
    cinfo.restart_in_rows = restart_rows;
    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * channels;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)cinfo.next_scanline * stride)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = buffer;
    *out_size = buffer_size;
    return TT_OK;
}
