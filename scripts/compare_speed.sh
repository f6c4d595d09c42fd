#!/usr/bin/env bash
# Telltale versus the numpy/scipy/scikit-learn reference pipeline (scripts/reference_pipeline.py)
# on the same images, the same default feature families and the same number of processes.
#
#   scripts/compare_speed.sh [--processes "1 2"] [--repeat K] [--telltale PATH] [--keep]
#
# Images: the bundled sample's PNGs (datasets/sample/genimage-sd14/fake, 12 × 512², each listed
# K times, default 16: 192 images) and JPEGs (datasets/sample/stylegan2-ffhq/{real,fake}, 100 × 512²,
# each listed K/4 times: 400 images), through symbolic links and a CSV manifest in a temporary folder.
# For each format and process count it runs `telltale extract --workers N` (release build) and
# `reference_pipeline.py --processes N` and prints
# both throughputs (images/s over decode + features, as each reports it; process start-up excluded)
# and their ratio, then the wall-clock ratio of the whole commands (start-up, imports, writing
# included). It then checks that both give the same vectors on 2 PNGs and 2 JPEGs, and times
# `telltale train` (--cv 0) and `telltale predict` against scikit-learn on the sample's features.
set -euo pipefail
cd "$(dirname "$0")/.."

processes="1 2"
repeat=16
telltale=.build/release/telltale
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --processes) processes="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --telltale) telltale="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "compare_speed.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ ! -x "$telltale" ]; then
    echo "compare_speed.sh: $telltale not found; build it with: swift build -c release --product telltale" >&2
    exit 2
fi
sample=$(pwd)/datasets/sample
work=$(mktemp -d "${TMPDIR:-/tmp}/telltale-compare.XXXXXX")
[ "$keep" = 1 ] && echo "work folder: $work" || trap 'rm -rf "$work"' EXIT

# manifest NAME LABEL:FOLDER... — symbolic links to every image of the folders, `repeat` times for PNG.
manifest() {
    local name=$1 copies=$2; shift 2
    mkdir -p "$work/$name"
    echo "path,label" > "$work/$name.csv"
    for spec in "$@"; do
        local label=${spec%%:*} folder=${spec#*:}
        for k in $(seq 1 "$copies"); do
            for file in "$sample/$folder"/*; do
                local link="$work/$name/${label}_${k}_$(basename "$file")"
                ln -s "$file" "$link"
                echo "$link,$label" >> "$work/$name.csv"
            done
        done
    done
}
manifest png "$repeat" fake:genimage-sd14/fake
manifest jpeg $(( repeat / 4 > 0 ? repeat / 4 : 1 )) real:stylegan2-ffhq/real fake:stylegan2-ffhq/fake

now() { date +%s.%N; }
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %6s %9s  %12s  %12s  %9s  %10s\n' format procs images "telltale/s" "reference/s" "speed-up" "wall-clock"
for format in png jpeg; do
    images=$(( $(wc -l < "$work/$format.csv") - 1 ))
    for n in $processes; do
        t0=$(now)
        "$telltale" extract "$work/$format.csv" -o "$work/tt-$format-$n" --workers "$n" > "$work/tt-$format-$n.log" 2>&1
        t1=$(now)
        python3 scripts/reference_pipeline.py "$work/$format.csv" --processes "$n" > "$work/ref-$format-$n.log"
        t2=$(now)
        ours=$(sed -n 's/.*(\([0-9.]*\) images\/s).*/\1/p' "$work/tt-$format-$n.log")
        theirs=$(sed -n 's/.*images_per_second=\([0-9.]*\).*/\1/p' "$work/ref-$format-$n.log")
        awk -v f="$format" -v n="$n" -v i="$images" -v a="$ours" -v b="$theirs" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
            'BEGIN { printf "%-5s %6d %9d  %12.1f  %12.1f  %8.1f×  %9.1f×\n", f, n, i, a, b, a / b, (t2 - t1) / (t1 - t0) }'
    done
done
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== same vectors? (2 PNGs, 2 JPEGs of the sample)"
pngs=("$sample"/genimage-sd14/fake/*) reals=("$sample"/stylegan2-ffhq/real/*) fakes=("$sample"/stylegan2-ffhq/fake/*)
printf 'path,label\n%s,fake\n%s,fake\n%s,real\n%s,fake\n' "${pngs[0]}" "${pngs[1]}" "${reals[0]}" "${fakes[0]}" > "$work/check.csv"
"$telltale" extract "$work/check.csv" -o "$work/check" --workers 1 > /dev/null 2>&1
python3 scripts/reference_pipeline.py "$work/check.csv" --check "$work/check.npy" | grep -v '^reference:'

echo
echo "== train and score on the whole sample's features"
"$telltale" extract "$sample" -o "$work/sample" > "$work/sample.log" 2>&1
rows=$(python3 -c "import numpy, sys; print(numpy.load(sys.argv[1]).shape[0])" "$work/sample.npy")
t0=$(now)
"$telltale" train "$work/sample.npy" --cv 0 -o "$work/model.json" > "$work/train.log"
t1=$(now)
"$telltale" predict "$work/model.json" "$work/sample.npy" -o "$work/scores-features.csv" > /dev/null
t2=$(now)
"$telltale" predict "$work/model.json" "$sample" -o "$work/scores-images.csv" > /dev/null 2>&1
t3=$(now)
awk -v r="$rows" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" 'BEGIN {
    printf "telltale train (logistic, C=1, --cv 0, to |gradient| ~1e-12) on %d rows: %.2f s wall-clock\n", r, t1 - t0
    printf "telltale predict on the feature file: %.2f s wall-clock (%.0f rows/s)\n", t2 - t1, r / (t2 - t1)
    printf "telltale predict on the images (decode + features + score, %d workers): %.2f s (%.1f images/s)\n", '"$(nproc)"', t3 - t2, r / (t3 - t2)
}'
python3 scripts/reference_pipeline.py "$sample" --processes "$(nproc)" --train | grep -v '^reference:'
