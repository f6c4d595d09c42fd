#!/usr/bin/env bash
# Fuzzing entry point (see README, "Fuzzing"). Everything goes to .build-fuzz/.
#
#   scripts/fuzz/run.sh seeds [--seed S]          make the seed corpus (.build-fuzz/seeds)
#   scripts/fuzz/run.sh shim [-runs=N] [FLAGS…]   libFuzzer over the C shim, N executions
#                                                 (default 100000; FLAGS go to libFuzzer)
#   scripts/fuzz/run.sh shim-repro FILE…          run saved inputs once each, verbosely
#   scripts/fuzz/run.sh swift [--runs N] [--seed S] [--telltale BIN]
#                                                 N mutants through telltale inspect --decode
#                                                 and extract (the Swift decode path)
#   scripts/fuzz/run.sh swift-libfuzzer [-runs=N] [FLAGS…]
#                                                 libFuzzer in-process over ImageDecoder
#                                                 (swiftc -sanitize=fuzzer,address; slow first build)
#   scripts/fuzz/run.sh campaign [--count N] [--seed S] […]
#                                                 the acceptance campaign (campaign.py --help)
#   scripts/fuzz/run.sh ci                        the bounded slice CI runs
#
# The shim fuzzer's budget is TT_FUZZ_BUDGET_MB (default 256, DecodeOptions' default):
# -malloc_limit_mb is the budget (one allocation past it is a finding) and the harness
# checks each shim call's peak heap against the budget it passed. TT_FUZZ_FINDINGS=warn
# turns budget and contract findings into counted warnings (what CI does while the
# ones found are open; sanitizer reports, crashes and hangs still fail).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=.build-fuzz
mode=${1:-}
shift || true

python=python3
command -v python3 >/dev/null || {
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq python3 >/dev/null; fi
}

seeds() {
    [ -f "$dir/seeds/manifest.json" ] || $python scripts/fuzz/make_seeds.py --out "$dir/seeds" --no-big "$@"
}

case "$mode" in
seeds)
    rm -rf "$dir/seeds"
    $python scripts/fuzz/make_seeds.py --out "$dir/seeds" --no-big "$@"
    ;;
shim | shim-repro)
    [ "$mode" = shim-repro ] || seeds
    bash scripts/fuzz/build.sh
    budget=${TT_FUZZ_BUDGET_MB:-256}
    check=${TT_FUZZ_FINDINGS:-fail}
    # fail: one allocation past the budget stops the run (a finding); warn: only the
    # harness's per-call check reports, as counted warnings, and RSS is the limit.
    malloc_limit=$budget
    [ "$check" = fail ] || malloc_limit=65536
    limits=(-timeout=10 -rss_limit_mb=$((2 * budget + 1024)) -malloc_limit_mb="$malloc_limit")
    mkdir -p "$dir/artifacts"
    export TT_FUZZ_BUDGET_MB=$budget TT_FUZZ_FINDINGS=$check TT_FUZZ_WARN_PREFIX=$dir/artifacts/shim-warn-
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    if [ "$mode" = shim-repro ]; then
        # Runs the given inputs (e.g. .build-fuzz/artifacts/shim-crash-…) once each.
        TT_FUZZ_VERBOSE=${TT_FUZZ_VERBOSE:-1} "$dir/shim_fuzzer" "${limits[@]}" "$@"
        exit
    fi
    mkdir -p "$dir/corpus/shim" "$dir/artifacts"
    # New inputs go to the first folder; the seeds and bombs are read-only corpora.
    # Later flags win, so the caller's override these defaults.
    "$dir/shim_fuzzer" -runs=100000 -max_len=262144 "${limits[@]}" \
        -dict=scripts/fuzz/shim.dict -artifact_prefix="$dir/artifacts/shim-" -print_final_stats=1 "$@" \
        "$dir/corpus/shim" "$dir/seeds/seeds" "$dir/seeds/bombs"
    ;;
swift)
    seeds
    $python scripts/fuzz/swift_path.py --seeds "$dir/seeds" "$@"
    ;;
swift-libfuzzer)
    bash scripts/fuzz/swift_libfuzzer.sh "$@"
    ;;
campaign)
    $python scripts/fuzz/campaign.py "$@"
    ;;
ci)
    # Bounded: one to three minutes on two cores. Fails on a crash, a sanitizer report,
    # a timeout, an allocation over the budget or a crop that differs from the full
    # decode (shim), or a crash or hang (Swift path). TT_FUZZ_FINDINGS=warn would only
    # count the budget and contract findings.
    seeds
    # libFuzzer's progress lines go to a log; its findings, warnings and totals are shown.
    log=$dir/shim-ci.log
    status=0
    TT_FUZZ_FINDINGS=${TT_FUZZ_FINDINGS:-fail} \
        bash scripts/fuzz/run.sh shim -runs="${TT_FUZZ_CI_RUNS:-50000}" -max_total_time=90 -seed=1 \
        > "$log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        tail -60 "$log"
        echo "fuzz: the shim target failed (status $status); log: $log, inputs: $dir/artifacts/shim-*" >&2
        exit 1
    fi
    grep -E '^(fuzz build|==shim_fuzzer==|Done|stat::)' "$log" || true
    binary=.build/release/telltale
    [ -x "$binary" ] || binary=.build/debug/telltale
    [ -x "$binary" ] || swift build --product telltale
    [ -x "$binary" ] || binary=.build/debug/telltale
    $python scripts/fuzz/swift_path.py --seeds "$dir/seeds" --runs "${TT_FUZZ_CI_MUTANTS:-2000}" --seed 1 \
        --telltale "$binary" --timeout 300
    ;;
*)
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
