#!/usr/bin/env bash
# Regenerates Sources/TelltaleFeatures/FFTWWisdom.swift (FFTW_PATIENT wisdom for the crop sizes).
# Plans chosen by timing: run it on an otherwise idle machine of the kind the pipeline runs on.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
gcc -O2 fftw_wisdom.c -o "$out/fftw_wisdom" $(pkg-config --cflags --libs fftw3f)
"$out/fftw_wisdom" > ../../Sources/TelltaleFeatures/FFTWWisdom.swift
rm -rf "$out"
echo "wrote Sources/TelltaleFeatures/FFTWWisdom.swift"
