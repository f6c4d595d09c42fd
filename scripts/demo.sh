#!/usr/bin/env bash
# The README's main command: installs what is missing, builds Telltale in release
# mode and runs it on the bundled sample (datasets/sample).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product telltale
bin="$(swift build -c release --show-bin-path)/telltale"

echo "== telltale inspect datasets/sample"
"$bin" inspect datasets/sample
