#!/usr/bin/env python3
"""The Swift decode path under mutation: N mutants through the `telltale` binary.

    python3 scripts/fuzz/swift_path.py --runs N [--seed S] [--telltale BIN] [--batch 4000]

Mutants (mutate.py, deterministic from --seed) are written in batches to a dataset folder
(mutants/{real,fake}/INDEX.ext) and each batch goes through
  telltale inspect --decode --json   ImageDecoder.facts + a full decode, default budget
  telltale extract --workers 2       a centre crop of 256 (DecodeOptions(crop: .centreSquare(256)))
                                     + the default feature families
A command killed by a signal is a crash; one past --timeout is a hang; an exit status
above 1, or extract without its output, is a failure too. A crash's batch
is then run file by file to name the mutants that cause it; they are copied to
.build-fuzz/artifacts/swift-SEED-INDEX.ext (remake one with mutate.py SEEDS SEED INDEX).
Unlike campaign.py it fails only on crashes and hangs (not on rows or truncations).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import campaign  # noqa: E402
import mutate  # noqa: E402


def default_binary():
    for kind in ("release", "debug"):
        path = os.path.join(ROOT, ".build", kind, "telltale")
        if os.access(path, os.X_OK):
            return path
    return os.path.join(ROOT, ".build", "release", "telltale")


def run(cmd, timeout):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.communicate()
        return "hang", b""
    if p.returncode < 0:
        return f"signal {-p.returncode}", err
    if p.returncode > 1:  # 0: all read, 1: some files failed (rows with reasons)
        return f"exit {p.returncode}", err
    return None, err


def commands(binary, folder, scratch):
    return {"inspect": [binary, "inspect", "--decode", "--json", folder],
            "extract": [binary, "extract", folder, "--workers", "2", "-o", os.path.join(scratch, "features")]}


def triage(binary, paths, command, timeout, control):
    """The files that make `command` fail on their own."""
    culprits = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            folder = os.path.join(tmp, "one")
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(os.path.join(folder, "real"))
            os.makedirs(os.path.join(folder, "fake"))
            shutil.copy(path, os.path.join(folder, "real"))
            shutil.copy(control, os.path.join(folder, "fake"))
            outcome, _ = run(commands(binary, folder, tmp)[command], timeout)
            if outcome:
                culprits.append((path, outcome))
                if len(culprits) >= 3:
                    break
    return culprits


def main():
    ap = argparse.ArgumentParser(description="N mutants through telltale inspect --decode and extract.")
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--telltale", default=default_binary())
    ap.add_argument("--batch", type=int, default=4000)
    ap.add_argument("--timeout", type=float, default=None, help="seconds per batch and command (default 120 + 50 ms a file)")
    ap.add_argument("--seeds", default=os.path.join(ROOT, ".build-fuzz", "seeds"), help="make_seeds.py output")
    # libFuzzer's spelling too, as for the shim target: -runs=N.
    argv = [f"--runs={a.split('=', 1)[1]}" if a.startswith("-runs=") else a for a in sys.argv[1:]]
    args = ap.parse_args(argv)
    if not os.access(args.telltale, os.X_OK):
        sys.exit(f"swift_path: no telltale binary at {args.telltale} (swift build -c release)")
    if not os.path.exists(os.path.join(args.seeds, "manifest.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "make_seeds.py"), "--out", args.seeds, "--no-big"], check=True)
    seeds = mutate.load_seeds(args.seeds)
    control = os.path.join(args.seeds, "seeds", "png", sorted(os.listdir(os.path.join(args.seeds, "seeds", "png")))[0])
    artifacts = os.path.join(ROOT, ".build-fuzz", "artifacts")
    timeout = args.timeout or 120 + 0.05 * min(args.batch, args.runs)
    findings = []
    started = time.time()
    done = 0
    with tempfile.TemporaryDirectory(prefix="telltale-fuzz-") as tmp:
        for first in range(0, args.runs, args.batch):
            folder = os.path.join(tmp, "batch")
            shutil.rmtree(folder, ignore_errors=True)
            paths = []
            for k in range(first, min(args.runs, first + args.batch)):
                data, fmt, _, _ = mutate.mutate(seeds, args.seed, k)
                # One group for every format: a class folder without PNG or JPEG files would
                # stop extract before any decoding (until WebP and TIFF are read).
                d = os.path.join(folder, "mutants", "real" if k % 2 == 0 else "fake")
                os.makedirs(d, exist_ok=True)
                path = os.path.join(d, f"{k:07d}{campaign.EXT[fmt]}")
                with open(path, "wb") as f:
                    f.write(data)
                paths.append(path)
            for name, cmd in commands(args.telltale, folder, tmp).items():
                features = os.path.join(tmp, "features.json")
                if os.path.exists(features):
                    os.remove(features)
                outcome, err = run(cmd, timeout)
                if outcome is None and name == "extract" and not os.path.exists(features):
                    outcome = "no output"  # the whole run was refused: nothing was decoded
                if outcome:
                    tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
                    print(f"swift_path: {name} on mutants {first}..{first + len(paths) - 1}: {outcome}", file=sys.stderr)
                    for line in tail:
                        print(f"    {line}", file=sys.stderr)
                    culprits = triage(args.telltale, paths, name, timeout, control)
                    os.makedirs(artifacts, exist_ok=True)
                    for path, why in culprits:
                        kept = os.path.join(artifacts, f"swift-{args.seed}-{os.path.basename(path)}")
                        shutil.copy(path, kept)
                        print(f"swift_path: {name}: {why} on {kept}", file=sys.stderr)
                    findings.append((name, first, outcome, culprits))
            done += len(paths)
            print(f"swift_path: {done}/{args.runs} mutants, {len(findings)} finding(s), {time.time() - started:.0f} s",
                  file=sys.stderr)
    print(f"swift_path: {done} mutants (seed {args.seed}) through inspect --decode and extract with "
          f"{os.path.relpath(args.telltale, ROOT)}: {len(findings)} crash(es) or hang(s)")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
