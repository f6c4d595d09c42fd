#!/usr/bin/env bash
# Builds and runs scripts/bench/fft_vs_gemm.c (FFTW vs OpenBLAS GEMM transforms).
set -euo pipefail
cd "$(dirname "$0")"
dpkg-query -W -f='${Status}' libfftw3-dev 2>/dev/null | grep -q "install ok installed" || \
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfftw3-dev >/dev/null; }
out=$(mktemp -d)
gcc -O2 fft_vs_gemm.c -o "$out/fft_vs_gemm" $(pkg-config --cflags --libs fftw3f openblas) -lm
"$out/fft_vs_gemm"
rm -rf "$out"
