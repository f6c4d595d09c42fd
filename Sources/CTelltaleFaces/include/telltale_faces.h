// Telltale's face shim: dlib's HOG frontal-face detector and its 68-point shape
// predictor behind a C API. Every C++ exception is caught inside the shim and turned
// into a status code and a message; nothing but plain C crosses into Swift.
#ifndef TELLTALE_FACES_H
#define TELLTALE_FACES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    TT_FACES_OK = 0,
    /// The landmark model is not loaded, or could not be read.
    TT_FACES_MODEL = 1,
    /// dlib threw while detecting or fitting landmarks (out of memory, bad input).
    TT_FACES_FAILED = 2,
    /// Arguments out of range (null pixels, non-positive size).
    TT_FACES_ARGUMENT = 3,
};

/// A face box in pixels: columns left...right, rows top...bottom (inclusive, as dlib's
/// rectangle; may reach outside the image) and the detector's confidence.
typedef struct tt_face_box {
    long left, top, right, bottom;
    double confidence;
} tt_face_box;

/// dlib's version as "major.minor.patch" (the headers the shim was compiled with).
const char *tt_faces_dlib_version(void);

/// Loads the 68-point shape predictor from `path` once per process (thread-safe; a
/// later call with the same path does nothing, with another path it fails). On failure
/// fills `message` (at most `capacity` bytes, NUL-terminated) and returns TT_FACES_MODEL.
int tt_faces_load_landmarks(const char *path, char *message, size_t capacity);

/// Runs the frontal-face detector (one per thread) on an 8-bit grey image of `width`
/// × `height` pixels, rows `stride` bytes apart. When the longer side exceeds `max_side`
/// (> 0), the detector sees a copy shrunk by the integer factor f = ⌈longer / max_side⌉,
/// each pixel the rounded mean of an f × f block (the last partial blocks dropped);
/// `pad_fraction` (0…1) of the longer side is then added on every side as a mid-grey (128)
/// border, and the result doubled `upsample` times (0 = none, at most 2).
/// Writes at most `capacity` boxes, most confident first, into `boxes` and their number
/// into `*count`; boxes are in the coordinates of the image as given (scaled back by f).
int tt_faces_detect(const uint8_t *grey, long width, long height, long stride, long max_side, double pad_fraction, int upsample,
                    double adjust_threshold, tt_face_box *boxes, int capacity, int *count,
                    char *message, size_t capacity_message);

/// Fits the 68 landmarks inside each of the `count` boxes on the grey image, inside the same
/// mid-grey border the detector saw (`pad_fraction` of the longer side; the shape predictor
/// reads pixels past the image's edge, which would otherwise be 0), the bordered image made
/// once for all boxes; writes 136 values per box (x0, y0, x1, y1, ...) in the image's pixels
/// into `xy` (136 · count values). Needs tt_faces_load_landmarks first.
int tt_faces_landmarks(const uint8_t *grey, long width, long height, long stride, double pad_fraction,
                       const tt_face_box *boxes, int count, long *xy, char *message, size_t capacity_message);

#ifdef __cplusplus
}
#endif

#endif
