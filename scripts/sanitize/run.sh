#!/usr/bin/env bash
# Builds the C shim with AddressSanitizer, LeakSanitizer and UBSan and runs the
# seeded mutation harnesses over the JPEG and PNG fixtures and over WebP and TIFF
# files the WebP/TIFF harness writes itself. Any leak, overflow or
# use-after-free makes it exit non-zero. Not part of the test suite (it needs a
# second compiler set-up); run it after changing the shim:
#     bash scripts/sanitize/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
gcc -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
    -I Sources/CTelltaleShim/include $(pkg-config --cflags libpng libjpeg) \
    Sources/CTelltaleShim/shim_error.c Sources/CTelltaleShim/png_shim.c Sources/CTelltaleShim/jpeg_shim.c scripts/sanitize/shim_fuzz.c \
    $(pkg-config --libs libpng libjpeg) -o "$out/shim_fuzz"
fixtures=(Tests/TelltaleImagingTests/Fixtures/*.jpg)
# A few PNGs from the sample set, cropped small by the harness's own mutations.
pngs=$(ls datasets/sample/genimage-sd14/fake/*.png | head -1)
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1 "$out/shim_fuzz" "${fixtures[@]}" $pngs
# WebP and TIFF: the harness writes its own files with the shim's encoders.
gcc -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -pthread \
    -I Sources/CTelltaleShim/include $(pkg-config --cflags libwebp libtiff-4 libpng libjpeg) \
    Sources/CTelltaleShim/shim_error.c Sources/CTelltaleShim/webp_shim.c Sources/CTelltaleShim/tiff_shim.c Sources/CTelltaleShim/png_shim.c Sources/CTelltaleShim/jpeg_shim.c \
    scripts/sanitize/formats_fuzz.c $(pkg-config --libs libwebp libtiff-4 libpng libjpeg) -o "$out/formats_fuzz"
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1 "$out/formats_fuzz"
rm -rf "$out"
