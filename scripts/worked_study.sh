#!/usr/bin/env bash
# A worked study on the bundled sample, as a reviewer would want it run (README, "A worked
# study"): a split-aware train / calibrate / evaluate, the leaks Telltale refuses or flags,
# another detector's scores evaluated side by side with a Telltale model, and a threshold
# calibrated on a validation split carried to the test split.
# Everything it writes goes to out/study/. Usage: bash scripts/worked_study.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
swift build -c release --product telltale >/dev/null
bin="$(swift build -c release --show-bin-path)/telltale"
out=out/study
rm -rf "$out"
mkdir -p "$out"
features=spectrum,dct,residual
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. splits: train (50 %), then validation and test (25 % each), stratified per generator and class"
"$bin" split datasets/sample --test 0.5 --seed 0 -o "$out/a"
# The held-out half, without its split column, split again into validation and test.
python3 - "$out/a/test.csv" "$out/a/held-out.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["path", "label", "group"])
    for r in rows:
        w.writerow([r["path"], r["label"], r["group"]])
EOF
"$bin" split "$out/a/held-out.csv" --test 0.5 --seed 0 -o "$out/b"
train="$out/a/train.csv"; validation="$out/b/train.csv"; test="$out/b/test.csv"

step "2. a leak refused: training on two splits at once"
"$bin" train "$train" "$test" --features "$features" -o "$out/never.json" 2>&1 | tail -1 || true

step "3. train on the training split ($features at 256 px, logistic regression, C chosen by 5-fold CV)"
"$bin" train "$train" --features "$features" --C 0.01,0.1,1 --cv 5 --seed 0 -o "$out/model.json" 2>/dev/null | tail -2

step "4. a leak flagged: evaluating on data that holds training images (--strict makes it an error)"
"$bin" evaluate "$out/model.json" datasets/sample --bootstrap 0 -o "$out/eval-leaky" 2>&1 >/dev/null | grep WARNING || true
"$bin" evaluate "$out/model.json" datasets/sample --bootstrap 0 --strict -o "$out/eval-strict" 2>&1 | tail -1 || true

step "5. evaluate on the test split, clean and re-compressed (JPEG q90)"
"$bin" evaluate "$out/model.json" "$test" --perturb jpeg:90 --seed 0 -o "$out/eval" 2>/dev/null | grep '^precision '
awk '/^## Robustness/{f=1; next} f && /^## /{exit} f && /^\|/' "$out/eval/report.md"

step "6. calibrate for re-compressed images on the validation split: Platt scaling of its scores under JPEG q90, threshold for FPR <= 5 %"
"$bin" calibrate "$out/model.json" "$validation" --perturb jpeg:90 --method platt --target-fpr 0.05 \
    -o "$out/model-calibrated.json" 2>/dev/null

step "7. the calibrated model on the test split, clean and re-compressed: the threshold carried from validation to test"
"$bin" evaluate "$out/model-calibrated.json" "$test" --perturb jpeg:90 --seed 0 -o "$out/eval-calibrated" 2>/dev/null | grep '^precision '
awk '/^## Robustness/{f=1; next} f && /^## /{exit} f && /^\|/' "$out/eval-calibrated/report.md"

step "8. another detector's scores, side by side: a 'container detector' that calls every PNG fake"
"$bin" inspect --json datasets/sample 2>/dev/null | python3 -c '
import csv, json, sys
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["path", "score"])
for f in json.load(sys.stdin)["files"]:
    if f.get("facts"):
        w.writerow([f["path"], 1.0 if f["facts"]["format"] == "png" else 0.0])
' > "$out/container-detector.csv"
"$bin" score "$out/model.json" datasets/sample -o "$out/telltale-scores.csv" 2>/dev/null
"$bin" evaluate --scores "$out/telltale-scores.csv" --scores "$out/container-detector.csv" "$test" --bootstrap 200 --seed 0 \
    -o "$out/comparison" 2>/dev/null | tail -n +1
echo
echo "Reports: $out/eval/, $out/eval-calibrated/, $out/comparison/ (report.json, metrics.csv, scores-long.csv, figures)."
echo "The sample is tiny and biased (datasets/README.md): these numbers demonstrate the pipeline, not a detector."
