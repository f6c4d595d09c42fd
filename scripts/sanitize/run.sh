#!/usr/bin/env bash
# Builds the C shim with AddressSanitizer, LeakSanitizer and UBSan and runs the
# seeded mutation harness over the JPEG and PNG fixtures. Any leak, overflow or
# use-after-free makes it exit non-zero. Not part of the test suite (it needs a
# second compiler set-up); run it after changing the shim:
#     bash scripts/sanitize/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
gcc -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
    -I Sources/CTelltaleShim/include $(pkg-config --cflags libpng libjpeg) \
    Sources/CTelltaleShim/png_shim.c Sources/CTelltaleShim/jpeg_shim.c scripts/sanitize/shim_fuzz.c \
    $(pkg-config --libs libpng libjpeg) -o "$out/shim_fuzz"
fixtures=(Tests/TelltaleImagingTests/Fixtures/*.jpg)
# A few PNGs from the sample set, cropped small by the harness's own mutations.
pngs=$(ls datasets/sample/genimage-sd14/fake/*.png | head -1)
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1 "$out/shim_fuzz" "${fixtures[@]}" $pngs
rm -rf "$out"
