#!/usr/bin/env bash
# Golden outputs: runs every command that writes results on the bundled sample, with
# fixed seeds, into OUT — to check that a refactoring changes no byte of them:
#
#   scripts/golden_outputs.sh /tmp/golden-before      # on the old code
#   ...change...
#   scripts/golden_outputs.sh /tmp/golden-after
#   diff -r /tmp/golden-before /tmp/golden-after      # only timings/environment may differ
#
# TELLTALE=path/to/telltale picks the binary (default: a release build of this checkout).
# Written: extract (.npy, sidecar, CSV), train (logistic and MLP model files), predict,
# evaluate (report.json, scores.csv, failures.csv, report.md, figures), score (CSV and
# JSON Lines, with their sidecars), crossval, audit, split, inspect --json, and a bench
# run folder. Paths inside the outputs are relative to this checkout, so two checkouts'
# outputs compare only when run from the same folder (bench's are absolute).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/golden_outputs.sh OUT}
if [ -z "${TELLTALE:-}" ]; then
    swift build -c release --product telltale >&2
    TELLTALE="$(swift build -c release --show-bin-path)/telltale"
fi
rm -rf "$out"
mkdir -p "$out"
t() { "$TELLTALE" "$@" 2>>"$out/stderr.log"; }
data=datasets/sample
split=Benchmarks/specs/sample

t inspect --json "$data" > "$out/inspect.json"
t audit "$data" -o "$out/audit.json" > "$out/audit.txt" || true
t split "$data" --test 0.3 --seed 0 -o "$out/split" > /dev/null
t extract "$data" --features spectrum,dct,residual --workers 2 -o "$out/features" --csv > /dev/null
t train "$split/train.csv" --features spectrum,dct,residual --C 0.01,0.1,1 --cv 5 --seed 0 --workers 2 \
    -o "$out/model-logistic.json" > "$out/train-logistic.txt"
t train "$out/features.npy" --model mlp --hidden "16;32" --weight-decay 1e-4 --epochs 30 --cv 3 --seed 0 \
    -o "$out/model-mlp.json" > "$out/train-mlp.txt"
t predict "$out/model-logistic.json" "$split/test.csv" --workers 2 -o "$out/predict.csv" || true
t evaluate "$out/model-logistic.json" "$split/test.csv" --perturb jpeg:90 blur:1 --also-neutralised 90 \
    --bootstrap 200 --seed 0 --workers 2 -o "$out/evaluate" > "$out/evaluate.txt"
t score "$out/model-logistic.json" "$data" --workers 2 -o "$out/score.csv" || true
t score "$out/model-logistic.json" "$data" --workers 2 --format jsonl -o "$out/score.jsonl" || true
for i in 0 1; do t score "$out/model-logistic.json" "$data" --workers 2 --shard $i/2 -o "$out/shard-$i.csv" || true; done
t merge-scores "$out/merged.csv" "$out/shard-0.csv" "$out/shard-1.csv"
t crossval "$data" --features spectrum,dct --C 0.1 --seed 0 --workers 2 -o "$out/crossval" > "$out/crossval.txt"
t bench Benchmarks/specs/sample.json -o "$out/bench" > /dev/null
rm -f "$out/bench/timings.json" "$out/bench/environment.json" "$out/stderr.log"
# Lines that carry elapsed times are not golden, nor the name of OUT.
for f in "$out"/*.txt; do
    sed -i -E "s#$out#OUT#g; s/[0-9.]+ ?s\b/<time>/g; s/[0-9.]+ images\/s/<rate>/g" "$f"
done
echo "golden outputs in $out" >&2
