#!/usr/bin/env python3
"""Peak memory of `telltale extract` as the number of images grows (issue 3: "peak memory while
extracting 10,000 images does not grow with their number").

    python3 scripts/bench_memory.py [--images 10000] [--runs 1000,10000] [--workers 2]
                                    [--features spectrum,dct,residual] [--telltale PATH]
                                    [--folder DIR] [--keep]

1. Generates --images distinct 256² images into a temporary folder (or --folder, reused when it
   already holds them): centred-ish 256² crops of the bundled sample's images (those at least 256²)
   at shifting offsets and in the 8 flips/rotations, every fifth saved as PNG and the others as JPEG
   q90, labelled real/fake after their source; one CSV manifest per run size lists the first N.
2. For each run size N it runs `telltale extract` on the first N images and samples the child's
   /proc/PID/status every 50 ms: VmHWM (peak RSS so far) when about 1,000 images are done (judged by
   elapsed time at the run's mean rate) and at the end, and the final peak RSS from wait4 (ru_maxrss).

What grows with N by design is the feature file's sidecar (each row's path, SHA-256, label), which
is held until it is written at the end; the feature matrix itself streams to disk.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "datasets", "sample")
SIDE = 256
FLIPS = [None, Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.ROTATE_90,
         Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270, Image.Transpose.TRANSPOSE,
         Image.Transpose.TRANSVERSE]


def sources():
    """(label, RGB image) of every sample image with both sides at least SIDE + 16."""
    found = []
    for folder, _, files in sorted(os.walk(SAMPLE)):
        label = os.path.basename(folder)
        if label not in ("real", "fake"):
            continue
        for name in sorted(files):
            with Image.open(os.path.join(folder, name)) as im:
                if min(im.size) >= SIDE + 16:
                    found.append((label, im.convert("RGB")))
    return found


def generate(folder, count):
    """Writes `count` images (keeping those present); returns [(path, label)] in manifest order,
    how many were made and the seconds it took."""
    items, images, made = [], None, 0
    start = time.perf_counter()
    for i in range(count):
        fmt = "png" if i % 5 == 4 else "jpg"
        name = os.path.join(folder, f"{i:05d}.{fmt}")
        if not os.path.exists(name):
            if images is None:
                images = sources()
            label, im = images[i % len(images)]
            round_ = i // len(images)
            w, h = im.size
            dx, dy = (7 * round_) % (w - SIDE + 1), (13 * round_) % (h - SIDE + 1)
            crop = im.crop((dx, dy, dx + SIDE, dy + SIDE))
            flip = FLIPS[round_ % len(FLIPS)]
            if flip is not None:
                crop = crop.transpose(flip)
            tmp = name + ".part"
            crop.save(tmp, format="PNG" if fmt == "png" else "JPEG", quality=90)
            os.replace(tmp, name)
            made += 1
            with open(name + ".label", "w") as f:
                f.write(label)
        with open(name + ".label") as f:
            items.append((name, f.read()))
    return items, made, time.perf_counter() - start


def status(pid):
    """(VmRSS, VmHWM) of a running process, in KiB, or None when it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if line.startswith(("VmRSS", "VmHWM")))
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def run(telltale, manifest, output, workers, features):
    """Runs one extraction; returns (seconds, [(t, rss, hwm)], peak KiB from wait4, stdout)."""
    log = open(output + ".log", "w+")
    start = time.perf_counter()
    child = subprocess.Popen([telltale, "extract", manifest, "-o", output, "--workers", str(workers),
                              "--features", features], stdout=log, stderr=subprocess.STDOUT)
    samples = []
    while True:
        pid, code, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        s = status(child.pid)
        if s:
            samples.append((time.perf_counter() - start, *s))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    log.seek(0)
    text = log.read()
    if os.waitstatus_to_exitcode(code) != 0:
        sys.exit(f"bench_memory: telltale extract failed on {manifest}:\n{text}")
    return seconds, samples, usage.ru_maxrss, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=10_000, help="images to generate (default 10000)")
    parser.add_argument("--runs", default="1000,10000", help="run sizes, comma-separated (default 1000,10000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="telltale --workers")
    parser.add_argument("--features", default="spectrum,dct,residual", help="telltale --features")
    parser.add_argument("--telltale", default=os.path.join(ROOT, ".build", "release", "telltale"))
    parser.add_argument("--folder", help="where the generated images go (kept; reused on the next run)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    runs = [int(n) for n in args.runs.split(",")]
    if max(runs) > args.images or min(runs) < 1:
        parser.error("every run size must be between 1 and --images")
    if not os.access(args.telltale, os.X_OK):
        sys.exit(f"bench_memory: {args.telltale} not found; build it with: swift build -c release --product telltale")

    folder = args.folder or tempfile.mkdtemp(prefix="telltale-memory.")
    os.makedirs(folder, exist_ok=True)
    try:
        items, made, seconds = generate(folder, args.images)
        size = sum(os.path.getsize(p) for p, _ in items) / 2 ** 20
        print(f"{len(items)} images of {SIDE}² (JPEG q90, every fifth PNG) in {folder}: {size:.0f} MiB, "
              f"{made} made now in {seconds:.0f} s")
        with open("/proc/loadavg") as f:
            print(f"machine: {os.cpu_count()} cores, load average {' '.join(f.read().split()[:3])}; "
                  f"telltale extract --workers {args.workers} --features {args.features}")
        print(f"{'images':>7} {'seconds':>8} {'images/s':>9} {'VmHWM ≈1,000 done':>18} {'VmHWM at end':>13} "
              f"{'peak RSS (wait4)':>17}")
        for n in runs:
            manifest = os.path.join(folder, f"manifest-{n}.csv")
            with open(manifest, "w") as f:
                f.write("path,label\n" + "".join(f"{p},{label}\n" for p, label in items[:n]))
            out = os.path.join(folder, f"features-{n}")
            seconds, samples, peak, _ = run(args.telltale, manifest, out, args.workers, args.features)
            rate = n / seconds
            at_1000 = [hwm for t, _, hwm in samples if t * rate <= 1000]
            early = f"{at_1000[-1] / 1024:.1f} MiB" if at_1000 and n >= 1000 else "–"
            end = f"{samples[-1][2] / 1024:.1f} MiB" if samples else "–"
            print(f"{n:>7} {seconds:>8.1f} {rate:>9.1f} {early:>18} {end:>13} {peak / 1024:>13.1f} MiB")
            for suffix in (".npy", ".json", ".log"):
                if os.path.exists(out + suffix):
                    os.remove(out + suffix)
        with open("/proc/loadavg") as f:
            print(f"load average after: {' '.join(f.read().split()[:3])}")
    finally:
        if not args.folder and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif not args.folder:
            print(f"kept {folder}")


if __name__ == "__main__":
    main()
