#!/usr/bin/env python3
"""The numpy/scipy/scikit-learn reference pipeline that Telltale's speed is compared with.

Per image: Pillow decode (the whole image; libjpeg-turbo / zlib underneath), the centred
256² crop, BT.601 luminance, then Telltale's default feature families with their default
parameters, computed by the numpy/scipy reference implementations that made the golden test
fixtures (imported from scripts/fixtures/, not re-written here):

  spectrum  (128 bins, not normalised)     features_spectral.spectrum
  dct       (16 × 16 grid)                 features_spectral.dct
  residual  (d1h d1v d2h d2v kb kv, q 1,
             T 2, order 3, h and v)        features_residual.residual_features

in that order — 1,884 values per image, the same vector `telltale extract` writes.

    python3 scripts/reference_pipeline.py INPUT... [--processes N] [--output ref.npy]
            [--train] [--check TELLTALE_FEATURES.npy] [--profile]

INPUT is a CSV manifest (header path,label), a folder (searched recursively for .png/.jpg/.jpeg;
the label is taken from a real/fake, 0_real/1_fake, nature/ai folder on the path) or an image.
Images are processed in input order; with --processes N > 1 by a multiprocessing pool of N
processes (chunks of 8 images), with N = 1 in this process. BLAS/OpenMP threads are pinned to one
per process, as Telltale runs one OpenBLAS thread per worker. The timed part is decode + features
(after the imports and the file listing), printed as images/s; the last line is machine-readable:

    reference: images=N seconds=S images_per_second=R processes=P

--train fits StandardScaler + LogisticRegression(C=1) on the features (needs both labels) and
times it and prediction. --check compares the reference vectors of the images listed in a
Telltale feature file (OUT.npy + OUT.json sidecar) with that file's rows, family by family,
using the golden fixtures' tolerances. --profile prints where the time goes (one process).
"""
import argparse
import csv
import importlib.util
import json
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CROP = 256
SPECTRUM_BINS = 128
DCT_GRID = 16
FAMILIES = [("spectrum", SPECTRUM_BINS), ("dct", DCT_GRID * DCT_GRID), ("residual", 6 * 2 * 125)]
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg"}
REAL_FOLDERS = {"real", "0_real", "nature"}
FAKE_FOLDERS = {"fake", "1_fake", "ai"}


def _fixture_module(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, "fixtures", name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


spectral = _fixture_module("features_spectral")
residual = _fixture_module("features_residual")


def decode(path):
    """8-bit RGB pixels as Pillow decodes them (grey is repeated into three channels)."""
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def features_of_pixels(rgb, timings=None):
    """The default-family vector of one decoded image (float64, 1,884 values)."""
    t0 = time.perf_counter()
    crop = spectral.centre_crop(rgb, CROP)
    lum = spectral.planes(crop.astype(np.float64), "luminance")[0]
    t1 = time.perf_counter()
    spec = spectral.spectrum(lum, SPECTRUM_BINS, False)
    t2 = time.perf_counter()
    dct = spectral.dct(lum, DCT_GRID, CROP)
    t3 = time.perf_counter()
    res = residual.residual_features(crop, "luminance")
    t4 = time.perf_counter()
    if timings is not None:
        for key, dt in (("crop+luminance", t1 - t0), ("spectrum", t2 - t1), ("dct", t3 - t2), ("residual", t4 - t3)):
            timings[key] = timings.get(key, 0.0) + dt
    return np.concatenate([spec, dct, res.astype(np.float64)])


def features_of_file(path):
    return features_of_pixels(decode(path))


def label_from_path(path):
    for part in reversed(os.path.normpath(path).split(os.sep)[:-1]):
        low = part.lower()
        if low in REAL_FOLDERS:
            return 0
        if low in FAKE_FOLDERS:
            return 1
    return None


def list_inputs(inputs):
    """(path, label or None) pairs in input order; folders sorted byte-wise like Telltale."""
    items = []
    for entry in inputs:
        if os.path.isdir(entry):
            found = []
            for folder, dirs, files in os.walk(entry, followlinks=True):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(folder, f) for f in files
                          if not f.startswith(".") and os.path.splitext(f)[1].lower() in IMAGE_EXTENSIONS]
            items += [(p, label_from_path(p)) for p in sorted(found, key=lambda p: p.encode())]
        elif entry.lower().endswith(".csv"):
            base = os.path.dirname(os.path.abspath(entry))
            with open(entry, newline="") as f:
                for row in csv.DictReader(f):
                    row = {k.strip().lower(): v for k, v in row.items()}
                    label = row["label"].strip().lower()
                    items.append((os.path.join(base, row["path"]),
                                  {"0": 0, "real": 0, "1": 1, "fake": 1}.get(label)))
        elif os.path.isfile(entry):
            items.append((entry, label_from_path(entry)))
        else:
            sys.exit(f"reference_pipeline: {entry}: no such file or folder")
    return items


def extract(paths, processes):
    """Feature matrix (float64, one row per path, input order) and the seconds it took."""
    start = time.perf_counter()
    if processes == 1:
        rows = [features_of_file(p) for p in paths]
    else:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            rows = list(pool.imap(features_of_file, paths, chunksize=8))
    return np.vstack(rows), time.perf_counter() - start


def profile(paths):
    timings = {"decode": 0.0}
    for p in paths:
        t = time.perf_counter()
        rgb = decode(p)
        timings["decode"] += time.perf_counter() - t
        features_of_pixels(rgb, timings)
    total = sum(timings.values())
    print(f"where the time goes (1 process, {len(paths)} images):")
    for key, seconds in timings.items():
        print(f"  {key:<16} {1000 * seconds / len(paths):8.2f} ms/image  {100 * seconds / total:5.1f} %")
    features = total - timings["decode"]
    print(f"  features / decode: +{100 * features / timings['decode']:.0f} %")


def train(x, labels):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    y = np.array(labels)
    start = time.perf_counter()
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(x, y)
    fit = time.perf_counter() - start
    start = time.perf_counter()
    scores = model.predict_proba(x)[:, 1]
    predict = time.perf_counter() - start
    accuracy = float(((scores >= 0.5) == (y == 1)).mean())
    print(f"train: StandardScaler + LogisticRegression(C=1, lbfgs) on {x.shape[0]} × {x.shape[1]}: {fit:.3f} s; "
          f"training accuracy {accuracy:.4f}")
    print(f"predict (features → scores): {x.shape[0] / max(predict, 1e-9):.0f} rows/s")


def check(x, paths, feature_file):
    """Compares reference rows with a Telltale feature file's rows for the same paths."""
    base = feature_file[:-4] if feature_file.endswith(".npy") else feature_file
    telltale = np.load(base + ".npy")
    with open(base + ".json") as f:
        sidecar = json.load(f)
    where = {os.path.realpath(p): i for i, p in enumerate(paths)}
    pairs = [(where[os.path.realpath(r["path"])], k) for k, r in enumerate(sidecar["rows"])
             if os.path.realpath(r["path"]) in where]
    if not pairs:
        sys.exit(f"reference_pipeline: {feature_file}: none of its rows are among the inputs")
    if telltale.shape[1] != x.shape[1]:
        sys.exit(f"reference_pipeline: {feature_file}: {telltale.shape[1]} features, the reference has {x.shape[1]} "
                 "(extract with the default families)")
    print(f"check against {feature_file}: {len(pairs)} image(s)")
    ok = True
    start = 0
    for name, width in FAMILIES:
        ref = np.array([x[i, start:start + width] for i, _ in pairs])
        ours = np.array([telltale[k, start:start + width] for _, k in pairs], dtype=np.float64)
        start += width
        if name == "residual":
            error = np.abs(ours - ref)
            bad = float((error > 1e-6).mean())
            passed = bad == 0
            rule = "|Δ| ≤ 1e-6 everywhere"
        else:
            error = np.abs(ours - ref) / np.maximum(1, np.abs(ref))
            bad = float((error > 1e-3).mean())
            # The fixtures' DCT rule: float32 cannot resolve ln(|D| + 1e-12) of near-zero coefficients.
            passed = bad == 0 if name == "spectrum" else (bad <= 0.02 and float((error > 1e-2).mean()) == 0)
            rule = "|Δ| ≤ 1e-3·max(1,|ref|)" + ("" if name == "spectrum" else ", ≤ 2 % of values up to 1e-2·…")
        ok &= passed
        print(f"  {name:<9} max |Δ| {np.abs(ours - ref).max():.3g}, max relative {error.max():.3g}, "
              f"{100 * bad:.2f} % over the tolerance ({rule}): {'agree' if passed else 'DISAGREE'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="CSV manifests (path,label), folders or image files")
    parser.add_argument("--processes", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--output", help="write the features as float32 .npy")
    parser.add_argument("--train", action="store_true", help="also fit and time a logistic regression")
    parser.add_argument("--check", metavar="FEATURES.npy", help="compare with a telltale feature file")
    parser.add_argument("--profile", action="store_true", help="print per-stage times (one process)")
    args = parser.parse_args()
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    items = list_inputs(args.inputs)
    if not items:
        sys.exit("reference_pipeline: no images")
    paths = [p for p, _ in items]
    if args.profile:
        profile(paths)
    x, seconds = extract(paths, args.processes)
    print(f"{len(paths)} image(s) → {x.shape[1]} features each in {seconds:.2f} s "
          f"({len(paths) / seconds:.1f} images/s, {args.processes} process(es))")
    if args.output:
        np.save(args.output, x.astype(np.float32))
        print(f"wrote {args.output}")
    if args.train:
        labels = [label for _, label in items]
        if None in labels or len(set(labels)) < 2:
            sys.exit("reference_pipeline: --train needs every image labelled and both labels present")
        train(x, labels)
    ok = check(x, paths, args.check) if args.check else True
    print(f"reference: images={len(paths)} seconds={seconds:.4f} images_per_second={len(paths) / seconds:.3f} "
          f"processes={args.processes}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
