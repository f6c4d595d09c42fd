#!/bin/bash
# Submits a sharded `telltale score` run to Slurm: an array job of N shards
# (score-array.sbatch), then `telltale merge-scores` as a job that starts only
# when every shard has succeeded (--dependency=afterok).
#
#   scripts/slurm/submit-score.sh -n N -o OUTDIR [-f csv|jsonl] [-s "SBATCH OPTIONS"] MODEL PATH... [score options]
#
# The merged result is OUTDIR/scores.FORMAT (with .meta.json and .done); shard
# outputs and logs stay in OUTDIR. Paths are taken relative to the directory you
# submit from (Slurm runs the jobs there). For very large trees, pass a list:
# `--paths-from FILE` after the paths works like any score option.
# Environment: TELLTALE (telltale binary; default: on PATH, else .build/release/telltale).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shards=""
outdir=""
format=csv
sbatch_options=""
while getopts "n:o:f:s:h" option; do
    case $option in
        n) shards=$OPTARG ;;
        o) outdir=$OPTARG ;;
        f) format=$OPTARG ;;
        s) sbatch_options=$OPTARG ;;
        *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ -z "$shards" ] || [ -z "$outdir" ] || [ $# -lt 2 ]; then
    sed -n '2,14p' "$0" >&2
    exit 2
fi
case $shards in ''|*[!0-9]*|0) echo "-n must be a positive integer" >&2; exit 2 ;; esac
case $format in csv|jsonl) ;; *) echo "-f must be csv or jsonl" >&2; exit 2 ;; esac

telltale=${TELLTALE:-$(command -v telltale || true)}
if [ -z "$telltale" ] && [ -x "$here/../../.build/release/telltale" ]; then
    telltale=$(cd "$here/../../.build/release" && pwd)/telltale
fi
if [ -z "$telltale" ]; then echo "telltale not found: set TELLTALE or build it (swift build -c release)" >&2; exit 2; fi

model=$1
shift
mkdir -p "$outdir"
# shellcheck disable=SC2086  # $sbatch_options is a list of options
array=$(TELLTALE=$telltale TELLTALE_FORMAT=$format TELLTALE_SHARDS=$shards sbatch --parsable --export=ALL $sbatch_options \
    --array="0-$((shards - 1))" --output="$outdir/score-%A_%a.log" \
    "$here/score-array.sbatch" "$model" "$outdir" "$@")
array=${array%%;*}

outputs=()
for ((i = 0; i < shards; i++)); do
    outputs+=("$(printf '%s/shard-%04d-of-%d.%s' "$outdir" "$i" "$shards" "$format")")
done
merge=$(printf '%q ' "$telltale" merge-scores "$outdir/scores.$format" "${outputs[@]}")
# shellcheck disable=SC2086
merged=$(sbatch --parsable $sbatch_options --job-name=telltale-merge --dependency="afterok:$array" \
    --output="$outdir/merge-%j.log" --wrap "$merge")
merged=${merged%%;*}

echo "submitted array job $array ($shards shards) and merge job $merged"
echo "result: $outdir/scores.$format (squeue -j $array,$merged; logs in $outdir)"
echo "to merge by hand (e.g. after re-running a failed shard): $merge"
