#!/usr/bin/env bash
# Builds the libFuzzer target over the C shim:
#     bash scripts/fuzz/build.sh            # → .build-fuzz/shim_fuzzer
# clang with -fsanitize=fuzzer,address,undefined compiles the shim's sources
# directly (not through SwiftPM) with the harness scripts/fuzz/shim_fuzzer.c.
# WebP and TIFF are fuzzed when their shims exist (webp_shim.c / tiff_shim.c:
# -DTT_HAVE_WEBP / -DTT_HAVE_TIFF and libwebp / libtiff are linked).
# Uses the Swift toolchain's clang when it has libFuzzer, else Debian's clang
# (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${TT_FUZZ_DIR:-.build-fuzz}
mkdir -p "$out"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
    local missing=()
    for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
    if ((${#missing[@]})); then
        echo "fuzz build: installing ${missing[*]}" >&2
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# A clang whose -fsanitize=fuzzer links.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$probe/t.c"
works() { "$1" -fsanitize=fuzzer,address,undefined ${2:-} "$probe/t.c" -o "$probe/t" >/dev/null 2>&1; }
cc=""
candidates=("${CC_FUZZ:-}")
if command -v swift >/dev/null; then candidates+=("$(dirname "$(readlink -f "$(command -v swift)")")/clang"); fi
candidates+=(clang clang-14)
for c in "${candidates[@]}"; do
    [ -n "$c" ] && command -v "$c" >/dev/null || continue
    if works "$c"; then cc=$c; break; fi
done
if [ -z "$cc" ]; then
    apt_install clang
    works clang || { echo "fuzz build: no clang with libFuzzer (-fsanitize=fuzzer)" >&2; exit 1; }
    cc=clang
fi
# lld when the compiler has it (GNU gold warns about every ASan symbol).
ld=""
if works "$cc" -fuse-ld=lld; then ld="-fuse-ld=lld"; fi

shim=Sources/CTelltaleShim
sources=("$shim/shim_error.c" "$shim/png_shim.c" "$shim/jpeg_shim.c")
defines=()
libs=(libpng libjpeg)
apt_install libpng-dev libjpeg62-turbo-dev pkg-config
if [ -f "$shim/webp_shim.c" ]; then
    sources+=("$shim/webp_shim.c"); defines+=(-DTT_HAVE_WEBP); libs+=(libwebp)
    apt_install libwebp-dev
fi
if [ -f "$shim/tiff_shim.c" ]; then
    sources+=("$shim/tiff_shim.c"); defines+=(-DTT_HAVE_TIFF); libs+=(libtiff-4)
    apt_install libtiff-dev
fi
# Any other C file of the shim (helpers shared by the format shims) is compiled too.
for f in "$shim"/*.c; do
    case " ${sources[*]} " in *" $f "*) ;; *) sources+=("$f") ;; esac
done

# shellcheck disable=SC2046
"$cc" -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    $ld "${defines[@]}" -I "$shim/include" $(pkg-config --cflags "${libs[@]}") \
    "${sources[@]}" scripts/fuzz/shim_fuzzer.c $(pkg-config --libs "${libs[@]}") -o "$out/shim_fuzzer"
echo "fuzz build: $out/shim_fuzzer (${sources[*]##*/}; ${defines[*]:-PNG and JPEG only}; $cc)"
