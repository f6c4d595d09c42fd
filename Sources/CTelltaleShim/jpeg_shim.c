// libjpeg-turbo (libjpeg API) behind setjmp: see telltale_shim.h.
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

#include "telltale_shim.h"

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    tt_error *err;
    int strict;
    int warned;
} shim_error_mgr;

static void set_error(tt_error *err, int code, const char *message) {
    if (err == NULL) return;
    err->code = code;
    if (code == TT_OK) err->needed = 0;
    snprintf(err->message, sizeof err->message, "%s", message);
}

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
    set_error(mgr->err, code_for(cinfo->err->msg_code), text);
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
        set_error(err, TT_E_CORRUPT, "not a JPEG: wrong signature");
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
    set_error(err, TT_OK, "");
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

int tt_jpeg_decode(const uint8_t *data, size_t size, uint32_t x0, uint32_t y0, uint32_t w,
                   uint32_t h, int strict, uint64_t budget, uint8_t *out, tt_error *err) {
    set_error(err, TT_OK, "");
    if (check_signature(data, size, err) != TT_OK) return err->code;
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr mgr;
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
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        set_error(err, TT_E_UNSUPPORTED, "CMYK/YCCK JPEG (convert it to RGB first)");
        longjmp(mgr.jump, 1);
    }
    if (w == 0 || h == 0 || (uint64_t)x0 + w > cinfo.image_width || (uint64_t)y0 + h > cinfo.image_height) {
        set_error(err, TT_E_ARGUMENT, "region outside the image");
        longjmp(mgr.jump, 1);
    }
    int channels = cinfo.num_components == 1 ? 1 : 3;
    cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);

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
            set_error(err, TT_E_TRUNCATED, "fewer rows than the header says");
            longjmp(mgr.jump, 1);
        }
    }
    size_t row_stride = (size_t)cinfo.output_width * channels;
    row = (JSAMPLE *)malloc(row_stride);
    if (row == NULL) {
        set_error(err, TT_E_NOMEM, "out of memory");
        longjmp(mgr.jump, 1);
    }
    size_t out_row = (size_t)w * channels;
    size_t column = (size_t)(x0 - crop_x) * channels;
    while (cinfo.output_scanline < y0 + h) {
        JDIMENSION y = cinfo.output_scanline;
        JSAMPROW rows[1] = {row};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            set_error(err, TT_E_TRUNCATED, "no more rows");
            longjmp(mgr.jump, 1);
        }
        if (y >= y0) memcpy(out + (size_t)(y - y0) * out_row, row + column, out_row);
    }
    free(row);
    row = NULL;
    // Stop here: the rows below the region are never decoded.
    jpeg_abort_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return TT_OK;
}

int tt_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int quality, int subsample420, uint8_t **out, size_t *out_size, tt_error *err) {
    set_error(err, TT_OK, "");
    *out = NULL;
    *out_size = 0;
    if (channels != 1 && channels != 3) {
        set_error(err, TT_E_ARGUMENT, "JPEG encoding takes 1 or 3 channels");
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
