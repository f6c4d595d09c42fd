#!/usr/bin/env bash
# The optional native build: the same sources compiled for x86-64-v3 CPUs (AVX2, FMA, BMI2:
# Intel Haswell, AMD Zen and later) into .build-native/release/, next to the portable build in
# .build/. It computes bit-identical features, faster (README "Performance"); on a CPU without
# those instructions its executables refuse to start with a message (exit status 70).
#
#   scripts/build_native.sh            # then .build-native/release/telltale ...
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-native \
    -Xswiftc -target-cpu -Xswiftc haswell -Xswiftc -DTELLTALE_NATIVE "$@"
echo "native build: .build-native/release/telltale, .build-native/release/telltale-benchmarks"
