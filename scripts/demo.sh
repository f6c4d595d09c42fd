#!/usr/bin/env bash
# The README's main command: installs what is missing, builds Telltale in release
# mode and runs the whole pipeline on the bundled sample (datasets/sample):
# audit → split → train → evaluate, on the raw files and neutralised.
# Everything it writes goes to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product telltale
bin="$(swift build -c release --show-bin-path)/telltale"
out=out/demo
mkdir -p "$out"
features=spectrum,dct,residual

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. audit: can the labels be read off the container?"
"$bin" audit datasets/sample -o "$out/audit.json" 2>/dev/null || true

step "2. a seeded, stratified train/test split"
"$bin" split datasets/sample --test 0.3 --seed 0 -o "$out/split"

step "3. train on the raw files (features: $features; logistic regression, C chosen by 5-fold CV)"
"$bin" train "$out/split/train.csv" --features "$features" --C 0.01,0.1,1 --cv 5 --seed 0 -o "$out/model-raw.json" 2>/dev/null

step "4. evaluate on the held-out test set (raw, neutralised, JPEG re-compressed)"
"$bin" evaluate "$out/model-raw.json" "$out/split/test.csv" --also-neutralised 90 --perturb jpeg:90,75 \
    --seed 0 -o "$out/eval-raw" 2>/dev/null > "$out/eval-raw.txt"

step "5. train and evaluate with both classes neutralised (centre crop 256, JPEG q90)"
"$bin" train "$out/split/train.csv" --features "$features" --neutralise 90 --C 0.01,0.1,1 --cv 5 --seed 0 \
    -o "$out/model-neutralised.json" 2>/dev/null
"$bin" evaluate "$out/model-neutralised.json" "$out/split/test.csv" --seed 0 -o "$out/eval-neutralised" \
    2>/dev/null > "$out/eval-neutralised.txt"

step "6. faces: train on the faces of the bundled FFHQ / StyleGAN2 images, evaluate, and show where the model looked"
awk -F, 'NR == 1 || /stylegan2-ffhq/' "$out/split/train.csv" > "$out/split/train-faces.csv"
awk -F, 'NR == 1 || /stylegan2-ffhq/' "$out/split/test.csv" > "$out/split/test-faces.csv"
"$bin" train "$out/split/train-faces.csv" --crop face --C 0.01,0.1,1 --cv 5 --seed 0 -o "$out/model-faces.json" 2>/dev/null
"$bin" evaluate "$out/model-faces.json" "$out/split/test-faces.csv" --seed 0 -o "$out/eval-faces" \
    2>/dev/null > "$out/eval-faces.txt"
"$bin" explain "$out/model-faces.json" datasets/sample/stylegan2-ffhq/fake/fake_0.jpg \
    datasets/sample/stylegan2-ffhq/real/real_0.jpg -o "$out/faces-explained" 2>/dev/null

step "Results on the held-out test set (at the model's threshold; 95 % bootstrap intervals)"
printf 'raw files:    %s\n' "$(grep '^precision ' "$out/eval-raw.txt")"
printf 'neutralised:  %s\n' "$(grep '^precision ' "$out/eval-neutralised.txt")"
printf 'faces (FFHQ / StyleGAN2 only, --crop face): %s\n' "$(grep '^precision ' "$out/eval-faces.txt")"
echo
echo "Robustness of the raw model (test images neutralised or re-compressed):"
sed -n '/^## Robustness/,/^reports in/p' "$out/eval-raw.txt" | grep '^|' 
echo
echo "Full reports: $out/eval-raw/report.md, $out/eval-neutralised/report.md and $out/eval-faces/report.md (JSON, CSV and SVG figures beside them)."
echo "Faces found and their scores, with heat-maps: $out/faces-explained/ (*.tiles.json, *.heatmap.png)."
echo "The sample is tiny and biased (datasets/README.md): these numbers demonstrate the pipeline, not a detector."
