#!/usr/bin/env python3
"""The acceptance campaign: mutants, bombs, truncations and hostile entries through
`telltale inspect --decode`, `extract` and `score`, under /usr/bin/time -v.

    python3 scripts/fuzz/campaign.py --count 100000 --seed 1 [--out .build-fuzz/campaign]
        [--telltale .build/release/telltale] [--workers 2] [--budget-mb 256] [--timeout S]
        [--commands inspect,extract,score] [--model MODEL] [--no-big] [--no-hostile]
        [--no-triage] [--keep-tree]

1. Seeds, bombs and truncations from make_seeds.py (OUT/seeds-S, made once per seed S).
2. The tree OUT/tree, a dataset in the plain layout (GROUP/{real,fake}/FILE):
     mutants/                 --count mutants (mutate.py, deterministic from --seed), the
                              formats in turn, mostly with their own extension
     seeds/                   the valid seeds (controls)
     bombs/                   decompression bombs and header liars
     truncated/               every seed cut at 10..90 %, with and without FF D9: each must
                              be rejected
     hostile/                 a FIFO, a symlink to /dev/zero, a dangling symlink, `loop -> ..`,
                              a non-UTF-8 name, .gif files, an empty file, a name with a
                              newline, a directory named x.png, a file without extension…
3. Each command runs under /usr/bin/time -v with a timeout: inspect --decode --json (one
   thread), extract --workers W, score MODEL --workers W (a model is trained on
   datasets/sample unless --model is given). Each also runs on seeds/ alone first: that
   run's peak RSS is the baseline. The list allowance is what holding the whole tree's
   path list costs: peak RSS of `inspect --json` (headers only) on the tree minus the same
   on seeds/ (about 240 bytes a path; the README documents the list's memory apart from
   the per-file budget).
4. Checks, per command: killed by a signal = crash; past the timeout = hang; every file
   that must be a row is one, exactly once (paths compared with the directory part
   resolved, so a file reached twice through `loop` is a duplicate); no truncated file is
   accepted; peak RSS <= workers x budget + baseline + list allowance. After a crash, a hang or a peak RSS
   over the limit, the files behind it are looked for (--no-triage skips that).

Writes OUT/summary.json and prints a table; exits 1 when a check fails. Reproduce one
mutant with `python3 scripts/fuzz/mutate.py OUT/seeds-S S INDEX FILE` (its file name is INDEX).
"""
import argparse
import collections
import functools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import mutate  # noqa: E402

EXT = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "tiff": ".tif"}
OTHER_EXT = [".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".PNG", ".JPG", ".TIFF"]
GIF = (b"GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x02D\x01\x00;")


def log(msg):
    print(f"campaign: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- the tree

class Tree:
    """The files of the campaign and, for each, whether it must be a row."""

    def __init__(self, root):
        self.root = root
        self.entries = {}  # normalised path (bytes) -> dict(kind, format, must_row, must_reject, note)

    def add(self, path, kind, fmt=None, must_row=True, must_reject=False, note=""):
        self.entries[norm(path)] = {"path": path, "kind": kind, "format": fmt, "must_row": must_row,
                                    "must_reject": must_reject, "note": note}

    def write(self, path, data, **info):
        with open(path, "wb") as f:
            f.write(data)
        self.add(path, **info)


def norm(path):
    """A path with its directory resolved (symlinks, `..`), its last component kept, as bytes."""
    head, tail = os.path.split(os.fsencode(path))
    return os.path.join(resolved(head or b"."), tail)


@functools.lru_cache(maxsize=None)
def resolved(directory):
    return os.path.realpath(directory)


def label_dir(root, group, k):
    d = os.path.join(root, group, "real" if k % 2 == 0 else "fake")
    os.makedirs(d, exist_ok=True)
    return d


def build_tree(args, seeds_dir, tree_dir):
    tree = Tree(tree_dir)
    with open(os.path.join(seeds_dir, "manifest.json")) as f:
        manifest = json.load(f)["files"]
    # Controls, bombs and truncations, alternating real/fake within each group.
    counters = collections.Counter()
    for e in manifest:
        group = {"seed": "seeds", "bomb": "bombs", "truncated": "truncated"}[e["kind"]]
        k = counters[group]
        counters[group] += 1
        with open(os.path.join(seeds_dir, e["path"]), "rb") as f:
            data = f.read()
        name = os.path.basename(e["path"])
        if group == "truncated":
            name = f"{e['format']}-{name}"
        tree.write(os.path.join(label_dir(tree_dir, group, k), name), data, kind=e["kind"], fmt=e["format"],
                   must_reject=e.get("must_reject", False), note=e["what"])
    # Mutants.
    seeds = mutate.load_seeds(seeds_dir)
    started = time.time()
    for k in range(args.count):
        data, fmt, origin, ops = mutate.mutate(seeds, args.seed, k)
        r = random.Random(f"ext:{args.seed}:{k}")
        ext = EXT[fmt] if r.random() < 0.9 else r.choice(OTHER_EXT)
        # Formats mixed in one group, in folders of 1,000: a class folder without a PNG or
        # JPEG would stop extract before it decodes anything (until WebP and TIFF are read).
        folder = os.path.join(label_dir(tree_dir, "mutants", k), f"{k // 2000:03d}")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{k:07d}{ext}")
        tree.write(path, data, kind="mutant", fmt=fmt, note=f"{origin}: {' '.join(ops)}")
        if k and k % 20000 == 0:
            log(f"{k} mutants written ({time.time() - started:.0f} s)")
    if args.no_hostile:
        return tree
    # Hostile entries.
    real = label_dir(tree_dir, "hostile", 0)
    fake = label_dir(tree_dir, "hostile", 1)
    good_png = next(s[2] for s in seeds if s[1] == "png")
    good_jpg = next(s[2] for s in seeds if s[1] == "jpeg")
    fifo = os.path.join(real, "fifo.png")
    os.mkfifo(fifo)
    tree.add(fifo, "hostile", "png", note="a FIFO named .png (reading it would block for ever)")
    os.symlink("/dev/zero", os.path.join(real, "zero.jpg"))
    tree.add(os.path.join(real, "zero.jpg"), "hostile", "jpeg", note="a symlink to /dev/zero")
    os.symlink("does-not-exist.png", os.path.join(real, "dangling.png"))
    tree.add(os.path.join(real, "dangling.png"), "hostile", "png", note="a dangling symlink")
    os.symlink("..", os.path.join(real, "loop"))  # no row: a directory link back up
    odd = os.path.join(os.fsencode(fake), b"non-utf8-\xff\xfe.png")
    with open(odd, "wb") as f:
        f.write(good_png)
    tree.add(os.fsdecode(odd), "hostile", "png", note="a valid PNG whose name is not UTF-8")
    tree.write(os.path.join(fake, "real.gif"), GIF, kind="hostile", fmt="gif", must_row=None,
               note="a GIF (not a supported format): a row with an error, or left out")
    tree.write(os.path.join(real, "named.gif"), GIF, kind="hostile", fmt="gif", must_row=None,
               note="a second GIF")
    tree.write(os.path.join(fake, "png-inside.gif"), good_png, kind="hostile", fmt="png",
               note="a valid PNG named .gif (formats are told by magic bytes)")
    tree.write(os.path.join(real, "noextension"), good_jpg, kind="hostile", fmt="jpeg",
               note="a valid JPEG without an extension")
    tree.write(os.path.join(fake, "UPPER.JPG"), good_jpg, kind="hostile", fmt="jpeg", note="upper-case extension")
    tree.write(os.path.join(real, "empty.jpg"), b"", kind="hostile", fmt="jpeg", must_reject=True, note="empty file")
    tree.write(os.path.join(fake, "new\nline.png"), good_png, kind="hostile", fmt="png", note="a newline in the name")
    tree.write(os.path.join(fake, "sp ace,comma\"quote.jpg"), good_jpg, kind="hostile", fmt="jpeg",
               note="space, comma and quote in the name")
    os.makedirs(os.path.join(real, "dir.png"))
    tree.write(os.path.join(real, "dir.png", "inside.png"), good_png, kind="hostile", fmt="png",
               note="a PNG inside a directory named dir.png")
    tree.write(os.path.join(real, ".hidden.png"), good_png, kind="hostile", fmt="png", must_row=False,
               note="hidden files are skipped by design")
    target = min(n for n in os.listdir(os.path.join(tree_dir, "seeds", "real")) if n.endswith(".png"))
    os.symlink(os.path.join("..", "..", "seeds", "real", target), os.path.join(fake, "link-to-seed.png"))
    tree.add(os.path.join(fake, "link-to-seed.png"), "hostile", "png", note="a symlink to a PNG seed")
    return tree


# ---------------------------------------------------------------------------- running

def timed(cmd, out_dir, name, timeout, stdout_path=None):
    """Runs cmd under /usr/bin/time -v; returns a dict of what happened."""
    time_file = os.path.join(out_dir, f"{name}.time")
    err_file = os.path.join(out_dir, f"{name}.stderr")
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    started = time.time()
    with open(err_file, "wb") as err:
        p = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_file, *cmd], stdout=out, stderr=err,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        hung = False
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            hung = True
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    if stdout_path:
        out.close()
    result = {"command": " ".join(cmd), "seconds": round(time.time() - started, 1), "hang": hung,
              "signal": None, "exit": None, "peak_rss_mb": None}
    try:
        text = open(time_file).read()
    except OSError:
        text = ""
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        result["peak_rss_mb"] = round(int(m.group(1)) / 1024, 1)
    m = re.search(r"Command terminated by signal (\d+)", text)
    if m:
        result["signal"] = int(m.group(1))
    m = re.search(r"Exit status: (\d+)", text)
    if m:
        result["exit"] = int(m.group(1))
    if not hung and result["signal"] is None and result["exit"] is None:
        result["exit"] = p.returncode
    result["crash"] = result["signal"] is not None and not hung
    with open(err_file, "rb") as f:
        tail = f.read()[-4000:].decode("utf-8", "replace")
    result["stderr_tail"] = "\n".join(tail.splitlines()[-8:]) if (result["crash"] or (result["exit"] or 0) > 1) else ""
    return result


def rows_inspect(stdout_path):
    with open(stdout_path, "rb") as f:
        doc = json.loads(f.read().decode("utf-8", "surrogateescape"))
    return [(r["path"], r.get("error") is None, (r.get("error") or {}).get("reason", "")) for r in doc["files"]]


def rows_extract(prefix):
    with open(prefix + ".json", "rb") as f:
        doc = json.loads(f.read().decode("utf-8", "surrogateescape"))
    return ([(r["path"], True, "") for r in doc["rows"]] +
            [(r["path"], False, r["reason"]) for r in doc["failures"]])


def rows_score(path):
    rows = []
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                r = json.loads(line.decode("utf-8", "surrogateescape"))
                rows.append((r["path"], not r.get("error"), r.get("error", "")))
    return rows


def reason_kind(reason):
    r = reason.lower()
    for key in ["not a png or jpeg", "too large", "over the memory budget", "truncated", "corrupt", "unsupported",
                "empty", "fifo", "character device", "dangling", "no such file", "directory", "out of memory",
                "unreadable", "region", "smaller than"]:
        if key in r:
            return key
    return reason[:40]


def check_rows(tree, rows, cmd_root):
    """Compares the rows with the tree: missing, duplicated, unexpected, accepted truncations."""
    seen = collections.Counter()
    accepted = {}
    reasons = collections.Counter()
    for path, ok, reason in rows:
        p = path if os.path.isabs(path) else os.path.join(cmd_root, path)
        key = norm(p)
        if key not in tree.entries and b"non-utf8-" in key:
            # A non-UTF-8 name may come back with U+FFFD for the bad bytes.
            key = next((k for k in tree.entries if b"non-utf8-" in k), key)
        seen[key] += 1
        accepted[key] = ok
        if not ok:
            reasons[reason_kind(reason)] += 1
    missing = [e for k, e in tree.entries.items() if e["must_row"] and seen[k] == 0]
    missing_optional = [e for k, e in tree.entries.items() if e["must_row"] is None and seen[k] == 0]
    present_hidden = [e for k, e in tree.entries.items() if e["must_row"] is False and seen[k] > 0]
    duplicates = [k for k, n in seen.items() if n > 1]
    unexpected = [k for k in seen if k not in tree.entries]
    truncated_accepted = [e for k, e in tree.entries.items() if e["must_reject"] and accepted.get(k)]
    by = collections.Counter()
    for e in missing:
        by[f"{e['kind']}/{e['format']}"] += 1
    acc_by = collections.Counter(f"{e['format']}" for e in truncated_accepted)
    seeds_rejected = collections.Counter(e["format"] for k, e in tree.entries.items()
                                         if e["kind"] == "seed" and seen[k] and not accepted.get(k))
    bombs_accepted = [os.path.basename(e["path"]) for k, e in tree.entries.items() if e["kind"] == "bomb" and accepted.get(k)]
    return {
        "rows": len(rows), "accepted": sum(1 for r in rows if r[1]),
        "missing": len(missing), "missing_by_kind": dict(sorted(by.items())),
        "missing_examples": [repr(e["path"]) + " (" + e["note"][:80] + ")" for e in
                             sorted(missing, key=lambda e: (e["kind"] != "hostile", e["kind"] == "mutant"))][:12],
        "optional_left_out": len(missing_optional), "hidden_listed": len(present_hidden),
        "duplicates": len(duplicates), "duplicate_examples": [os.fsdecode(k) for k in duplicates[:5]],
        "unexpected": len(unexpected), "unexpected_examples": [os.fsdecode(k) for k in unexpected[:5]],
        "truncated_accepted": len(truncated_accepted), "truncated_accepted_by_format": dict(sorted(acc_by.items())),
        "truncated_accepted_examples": [os.path.basename(e["path"]) for e in truncated_accepted[:8]],
        "seeds_rejected_by_format": dict(sorted(seeds_rejected.items())),
        "bombs_accepted": bombs_accepted,
        "errors_by_reason": dict(reasons.most_common(12)),
    }


def run_command(name, args, tree_or_dir, out_dir, model, timeout):
    """Runs one command over a directory; returns (run result, rows or None)."""
    t = args.telltale
    os.makedirs(out_dir, exist_ok=True)
    if name == "inspect":
        stdout = os.path.join(out_dir, "inspect.json")
        res = timed([t, "inspect", "--decode", "--json", tree_or_dir], out_dir, "inspect", timeout, stdout)
        reader = lambda: rows_inspect(stdout)  # noqa: E731
    elif name == "extract":
        prefix = os.path.join(out_dir, "features")
        res = timed([t, "extract", tree_or_dir, "--workers", str(args.workers), "-o", prefix], out_dir, "extract", timeout)
        reader = lambda: rows_extract(prefix)  # noqa: E731
    else:
        output = os.path.join(out_dir, "scores.jsonl")
        for suffix in ("", ".meta.json", ".done"):
            if os.path.exists(output + suffix):
                os.remove(output + suffix)
        res = timed([t, "score", model, tree_or_dir, "--workers", str(args.workers), "-o", output],
                    out_dir, "score", timeout)
        reader = lambda: rows_score(output)  # noqa: E731
    rows = None
    if not res["hang"] and not res["crash"]:
        try:
            rows = reader()
        except (OSError, ValueError, KeyError) as e:
            # No output: the command refused the whole run; its last words say why.
            with open(os.path.join(out_dir, f"{name}.stderr"), "rb") as f:
                last = f.read()[-2000:].decode("utf-8", "replace").strip().splitlines()[-2:]
            res["output_error"] = f"no rows ({type(e).__name__}); stderr: " + " | ".join(last)
    return res, rows


# ---------------------------------------------------------------------------- triage

def triage(name, args, tree, model, out_dir, rss_limit_mb, timeout=120, group=400, most=5):
    """The files behind a crash, a hang or a peak RSS over the limit: the tree's regular
    files in groups (inspect --decode FILES for inspect, score --workers 1 --paths-from
    for extract and score), then each file of a failing group alone."""
    files = sorted(e["path"] for e in tree.entries.values()
                   if e["kind"] != "hostile" and os.path.isfile(e["path"]))
    work = os.path.join(out_dir, "triage")
    os.makedirs(work, exist_ok=True)

    def bad(paths, tag):
        if name == "inspect":
            cmd = [args.telltale, "inspect", "--decode", *paths]
        else:
            listing = os.path.join(work, "paths.txt")
            with open(listing, "wb") as f:
                f.write(b"".join(os.fsencode(p) + b"\n" for p in paths))
            output = os.path.join(work, "scores.csv")
            cmd = [args.telltale, "score", model, "--paths-from", listing, "--workers", "1", "-o", output, "--overwrite"]
        r = timed(cmd, work, tag, timeout)
        if r["crash"]:
            return f"signal {r['signal']}"
        if r["hang"]:
            return "hang"
        if r["peak_rss_mb"] is not None and r["peak_rss_mb"] > rss_limit_mb:
            return f"peak RSS {r['peak_rss_mb']} MB"
        return None

    culprits = []
    for i in range(0, len(files), group):
        chunk = files[i:i + group]
        if bad(chunk, "group") is None:
            continue
        for path in chunk:
            why = bad([path], "file")
            if why:
                culprits.append({"path": path, "why": why, "note": tree.entries[norm(path)]["note"]})
                log(f"{name}: triage: {why}: {path}")
                if len(culprits) >= most:
                    return culprits
    return culprits


# ---------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="The fuzzing acceptance campaign (see the module doc).")
    ap.add_argument("--count", type=int, default=100000, help="mutants (default 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(ROOT, ".build-fuzz", "campaign"))
    ap.add_argument("--telltale", default=os.path.join(ROOT, ".build", "release", "telltale"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--budget-mb", type=int, default=256, help="the documented per-worker budget (DecodeOptions)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per command (default 300 + 20 ms a file)")
    ap.add_argument("--commands", default="inspect,extract,score")
    ap.add_argument("--model", default=None, help="a model file (default: trained on datasets/sample)")
    ap.add_argument("--no-big", action="store_true", help="leave out the bombs that take seconds to make")
    ap.add_argument("--no-hostile", action="store_true",
                    help="leave out hostile/ (to see the other files' results when a hostile entry stops a command)")
    ap.add_argument("--no-triage", dest="triage", action="store_false",
                    help="do not look for the files behind a crash, hang or RSS over the limit")
    ap.add_argument("--keep-tree", action="store_true", help="keep OUT/tree afterwards (default: removed on success)")
    args = ap.parse_args()
    args.telltale = os.path.abspath(args.telltale)
    if not os.access(args.telltale, os.X_OK):
        sys.exit(f"campaign: no telltale binary at {args.telltale} (swift build -c release)")
    if not os.path.exists("/usr/bin/time"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "time"], check=True)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    seeds_dir = os.path.join(out, f"seeds-{args.seed}{'-small' if args.no_big else ''}")
    if not os.path.exists(os.path.join(seeds_dir, "manifest.json")):
        cmd = [sys.executable, os.path.join(HERE, "make_seeds.py"), "--out", seeds_dir, "--seed", str(args.seed)]
        subprocess.run(cmd + (["--no-big"] if args.no_big else []), check=True)
    tree_dir = os.path.join(out, "tree")
    if os.path.lexists(tree_dir):
        shutil.rmtree(tree_dir)
    log(f"writing {args.count} mutants + seeds, bombs, truncations and hostile entries to {tree_dir}")
    started = time.time()
    tree = build_tree(args, seeds_dir, tree_dir)
    log(f"tree: {len(tree.entries)} entries in {time.time() - started:.0f} s")
    model = args.model
    if model is None:
        model = os.path.join(out, "model.json")
        if not os.path.exists(model):
            subprocess.run([args.telltale, "train", os.path.join(ROOT, "datasets", "sample"), "-o", model],
                           check=True, stdout=subprocess.DEVNULL)
    timeout = args.timeout or 300 + 0.02 * len(tree.entries)
    summary = {"count": args.count, "seed": args.seed, "files": len(tree.entries), "workers": args.workers,
               "budget_mb": args.budget_mb, "telltale": args.telltale, "timeout_s": timeout, "commands": {}}
    failed = False
    # What holding the tree's path list costs, measured apart from any decode.
    os.makedirs(os.path.join(out, "list"), exist_ok=True)
    walk_tree = timed([args.telltale, "inspect", "--json", tree_dir], os.path.join(out, "list"), "list-tree", 600,
                      os.path.join(out, "list", "tree.json"))
    walk_seeds = timed([args.telltale, "inspect", "--json", os.path.join(tree_dir, "seeds")], os.path.join(out, "list"),
                       "list-seeds", 600, os.path.join(out, "list", "seeds.json"))
    allowance = max(0.0, (walk_tree["peak_rss_mb"] or 0) - (walk_seeds["peak_rss_mb"] or 0))
    summary["list_allowance_mb"] = round(allowance, 1)
    log(f"path list: {allowance:.1f} MiB for {len(tree.entries)} entries")
    for name in [c for c in args.commands.split(",") if c]:
        workers = 1 if name == "inspect" else args.workers
        log(f"{name}: baseline on seeds/")
        base, _ = run_command(name, args, os.path.join(tree_dir, "seeds"), os.path.join(out, "baseline", name), model, 600)
        log(f"{name}: the whole tree (timeout {timeout:.0f} s)")
        res, rows = run_command(name, args, tree_dir, os.path.join(out, "runs", name), model, timeout)
        res["baseline_rss_mb"] = base["peak_rss_mb"]
        res["workers"] = workers
        res["rss_limit_mb"] = round(workers * args.budget_mb + (base["peak_rss_mb"] or 0) + allowance, 1)
        res["rss_ok"] = res["peak_rss_mb"] is not None and res["peak_rss_mb"] <= res["rss_limit_mb"]
        if rows is not None:
            res.update(check_rows(tree, rows, tree_dir))
        ok = (not res["crash"] and not res["hang"] and rows is not None and res["missing"] == 0
              and res["duplicates"] == 0 and res["unexpected"] == 0 and res["truncated_accepted"] == 0 and res["rss_ok"])
        res["pass"] = ok
        failed |= not ok
        if args.triage and (res["crash"] or res["hang"] or not res["rss_ok"]):
            log(f"{name}: triage (the files behind the crash, hang or peak RSS)")
            # One file alone may use one worker's budget above the baseline.
            res["triage"] = triage(name, args, tree, model, os.path.join(out, "runs", name),
                                   args.budget_mb + (base["peak_rss_mb"] or 0))  # a group: no list allowance
        summary["commands"][name] = res
        log(f"{name}: {'pass' if ok else 'FAIL'} in {res['seconds']} s")
    summary["pass"] = not failed
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print_table(summary)
    print(f"\nsummary: {os.path.join(out, 'summary.json')}")
    if summary["pass"] and not args.keep_tree:
        shutil.rmtree(tree_dir)
    sys.exit(0 if summary["pass"] else 1)


def print_table(s):
    cols = ["command", "exit", "crash", "hang", "seconds", "rows", "missing", "dup", "unexpected",
            "trunc accepted", "peak RSS MB", "limit MB", "pass"]
    lines = [cols]
    for name, r in s["commands"].items():
        lines.append([name, str(r["exit"] if r["signal"] is None else f"sig {r['signal']}"), str(int(r["crash"])),
                      str(int(r["hang"])), str(r["seconds"]), str(r.get("rows", "-")), str(r.get("missing", "-")),
                      str(r.get("duplicates", "-")), str(r.get("unexpected", "-")), str(r.get("truncated_accepted", "-")),
                      str(r["peak_rss_mb"]), f"{r['rss_limit_mb']:.0f}", "yes" if r["pass"] else "NO"])
    widths = [max(len(l[i]) for l in lines) for i in range(len(cols))]
    print(f"\n{s['count']} mutants, seed {s['seed']}, {s['files']} files in all, {s['workers']} workers, "
          f"budget {s['budget_mb']} MiB a worker")
    for i, l in enumerate(lines):
        print("  ".join(v.ljust(w) for v, w in zip(l, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for name, r in s["commands"].items():
        details = []
        if r.get("missing"):
            details.append(f"missing by kind {r['missing_by_kind']}")
        if r.get("truncated_accepted"):
            details.append(f"truncations accepted by format {r['truncated_accepted_by_format']}")
        if r.get("seeds_rejected_by_format"):
            details.append(f"valid seeds rejected {r['seeds_rejected_by_format']}")
        if r.get("bombs_accepted"):
            details.append(f"bombs accepted {r['bombs_accepted']}")
        if r.get("stderr_tail"):
            details.append("stderr: " + r["stderr_tail"].replace("\n", " | ")[-300:])
        if r.get("output_error"):
            details.append("output: " + r["output_error"])
        for c in r.get("triage", []):
            details.append(f"triage: {c['why']}: {c['path']} ({c['note'][:70]})")
        for d in details:
            print(f"  {name}: {d}")


if __name__ == "__main__":
    main()
