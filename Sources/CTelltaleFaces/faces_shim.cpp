// dlib behind a C API: see include/telltale_faces.h. Exceptions never leave this file.
#include "telltale_faces.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

void set_message(char *message, size_t capacity, const std::string &text) {
    if (message == nullptr || capacity == 0) return;
    std::snprintf(message, capacity, "%s", text.c_str());
}

std::mutex model_mutex;
std::shared_ptr<const dlib::shape_predictor> landmark_model;
std::string landmark_path;

std::shared_ptr<const dlib::shape_predictor> loaded_model() {
    std::lock_guard<std::mutex> lock(model_mutex);
    return landmark_model;
}

/// Copies a grey image (rows `stride` bytes apart) into dlib's image type, inside a mid-grey
/// (128) border of `pad` pixels on every side.
void copy_grey(const uint8_t *grey, long width, long height, long stride, dlib::array2d<unsigned char> &out, long pad = 0) {
    out.set_size(height + 2 * pad, width + 2 * pad);
    if (pad > 0) dlib::assign_all_pixels(out, 128);
    for (long y = 0; y < height; ++y) std::memcpy(&out[y + pad][pad], grey + y * stride, static_cast<size_t>(width));
}

/// The f × f block means of a grey image (rounded to nearest; partial blocks at the
/// right and bottom dropped, so at least one full block must fit).
void shrink_grey(const uint8_t *grey, long width, long height, long stride, long f, dlib::array2d<unsigned char> &out) {
    const long w = std::max(1L, width / f), h = std::max(1L, height / f);
    const long fx = std::min(f, width), fy = std::min(f, height);
    const long n = fx * fy;
    out.set_size(h, w);
    std::vector<unsigned long> sums(static_cast<size_t>(w));
    for (long y = 0; y < h; ++y) {
        std::fill(sums.begin(), sums.end(), 0UL);
        for (long dy = 0; dy < fy; ++dy) {
            const uint8_t *row = grey + (y * fy + dy) * stride;
            for (long x = 0; x < w; ++x)
                for (long dx = 0; dx < fx; ++dx) sums[x] += row[x * fx + dx];
        }
        for (long x = 0; x < w; ++x) out[y][x] = static_cast<unsigned char>((sums[x] + n / 2) / n);
    }
}

long floor_div(long a, long b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

#include <dlib/revision.h>

#define TT_STR2(x) #x
#define TT_STR(x) TT_STR2(x)

extern "C" const char *tt_faces_dlib_version(void) {
    return TT_STR(DLIB_MAJOR_VERSION) "." TT_STR(DLIB_MINOR_VERSION) "." TT_STR(DLIB_PATCH_VERSION);
}

extern "C" int tt_faces_load_landmarks(const char *path, char *message, size_t capacity) {
    if (path == nullptr) { set_message(message, capacity, "no path"); return TT_FACES_ARGUMENT; }
    try {
        std::lock_guard<std::mutex> lock(model_mutex);
        if (landmark_model) {
            if (landmark_path == path) return TT_FACES_OK;
            set_message(message, capacity, "another landmark model is already loaded: " + landmark_path);
            return TT_FACES_MODEL;
        }
        auto model = std::make_shared<dlib::shape_predictor>();
        dlib::deserialize(path) >> *model;
        if (model->num_parts() != 68) {
            set_message(message, capacity, "expected a 68-point model, found " + std::to_string(model->num_parts()) + " points");
            return TT_FACES_MODEL;
        }
        landmark_model = model;
        landmark_path = path;
        return TT_FACES_OK;
    } catch (const std::exception &e) {
        set_message(message, capacity, e.what());
    } catch (...) {
        set_message(message, capacity, "unknown error while reading the model");
    }
    return TT_FACES_MODEL;
}

extern "C" int tt_faces_detect(const uint8_t *grey, long width, long height, long stride, long max_side, double pad_fraction, int upsample,
                               double adjust_threshold, tt_face_box *boxes, int capacity, int *count,
                               char *message, size_t capacity_message) {
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || upsample < 0 || upsample > 2 || max_side < 0 || !(pad_fraction >= 0 && pad_fraction <= 1)
        || count == nullptr || capacity < 0 || (capacity > 0 && boxes == nullptr)) {
        set_message(message, capacity_message, "invalid arguments");
        return TT_FACES_ARGUMENT;
    }
    *count = 0;
    try {
        // The detector keeps the last image's feature pyramid in its scanner: a fresh copy of
        // a prototype that never ran (small: the filters only) per call, so nothing outlives it.
        static const dlib::frontal_face_detector prototype = dlib::get_frontal_face_detector();
        dlib::frontal_face_detector detector = prototype;
        long f = 1;
        const long longer = std::max(width, height);
        if (max_side > 0 && longer > max_side) f = (longer + max_side - 1) / max_side;
        // A mid-grey border of `pad` pixels on every side: the detector's window needs some
        // context around a face, which tight crops (aligned face datasets) cut away.
        const long w = f > 1 ? std::max(1L, width / f) : width, h = f > 1 ? std::max(1L, height / f) : height;
        const long pad = static_cast<long>(pad_fraction * static_cast<double>(std::max(w, h)));
        dlib::array2d<unsigned char> image;
        if (f > 1) {
            dlib::array2d<unsigned char> base;
            shrink_grey(grey, width, height, stride, f, base);
            copy_grey(&base[0][0], w, h, w, image, pad);
        } else {
            copy_grey(grey, width, height, stride, image, pad);
        }
        long k = 1;
        for (int i = 0; i < upsample; ++i) { dlib::pyramid_up(image); k *= 2; }
        std::vector<std::pair<double, dlib::rectangle>> found;
        detector(image, found, adjust_threshold);
        std::stable_sort(found.begin(), found.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        int n = 0;
        for (const auto &d : found) {
            if (n == capacity) break;
            // Back to the given image's pixels: undo the doublings (pixel i of the result lies
            // at i / 2^k), the border, then the shrinking (block i covers f·i … f·i + f − 1).
            const dlib::rectangle r = d.second;
            boxes[n].left = (floor_div(r.left(), k) - pad) * f;
            boxes[n].top = (floor_div(r.top(), k) - pad) * f;
            boxes[n].right = (floor_div(r.right(), k) - pad) * f + f - 1;
            boxes[n].bottom = (floor_div(r.bottom(), k) - pad) * f + f - 1;
            boxes[n].confidence = d.first;
            ++n;
        }
        *count = n;
        return TT_FACES_OK;
    } catch (const std::exception &e) {
        set_message(message, capacity_message, e.what());
    } catch (...) {
        set_message(message, capacity_message, "unknown error in the face detector");
    }
    return TT_FACES_FAILED;
}

extern "C" int tt_faces_landmarks(const uint8_t *grey, long width, long height, long stride, double pad_fraction,
                                  const tt_face_box *boxes, int count, long *xy, char *message, size_t capacity_message) {
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || count < 0
        || (count > 0 && (boxes == nullptr || xy == nullptr)) || !(pad_fraction >= 0 && pad_fraction <= 1)) {
        set_message(message, capacity_message, "invalid arguments");
        return TT_FACES_ARGUMENT;
    }
    const auto model = loaded_model();
    if (!model) { set_message(message, capacity_message, "the landmark model is not loaded"); return TT_FACES_MODEL; }
    if (count == 0) return TT_FACES_OK;  // no box: no bordered copy
    try {
        // The same mid-grey border the detector saw (else dlib reads 0 outside the image).
        const long pad = static_cast<long>(pad_fraction * static_cast<double>(std::max(width, height)));
        dlib::array2d<unsigned char> image;
        copy_grey(grey, width, height, stride, image, pad);
        for (int b = 0; b < count; ++b) {
            const tt_face_box &box = boxes[b];
            const dlib::rectangle rect(box.left + pad, box.top + pad, box.right + pad, box.bottom + pad);
            const dlib::full_object_detection shape = (*model)(image, rect);
            long *out = xy + 136 * b;
            for (unsigned long i = 0; i < 68; ++i) {
                out[2 * i] = shape.part(i).x() - pad;
                out[2 * i + 1] = shape.part(i).y() - pad;
            }
        }
        return TT_FACES_OK;
    } catch (const std::exception &e) {
        set_message(message, capacity_message, e.what());
    } catch (...) {
        set_message(message, capacity_message, "unknown error in the shape predictor");
    }
    return TT_FACES_FAILED;
}
