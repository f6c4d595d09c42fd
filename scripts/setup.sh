#!/usr/bin/env bash
# Installs what Telltale needs on a fresh Debian 12 machine with Swift installed:
# libpng, libjpeg-turbo, libwebp, libtiff, OpenBLAS, FFTW and dlib development packages, dlib's
# face landmark model (libdlib-data) and
# pkg-config.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(libpng-dev libjpeg62-turbo-dev libwebp-dev libtiff-dev libopenblas-dev libfftw3-dev libdlib-dev libdlib-data pkg-config)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "telltale setup: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "telltale setup: swift is not on PATH; install Swift 6.1 or newer (https://www.swift.org/install/)" >&2
    exit 1
fi
for lib in libpng libjpeg libwebp libtiff-4 openblas fftw3f dlib-1; do
    pkg-config --exists "$lib" || { echo "telltale setup: pkg-config cannot find $lib" >&2; exit 1; }
done
[ -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] \
    || { echo "telltale setup: dlib's landmark model is missing (package libdlib-data)" >&2; exit 1; }
