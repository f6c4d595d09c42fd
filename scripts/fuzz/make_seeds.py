#!/usr/bin/env python3
"""Generates the fuzzing seed corpus, deterministically from --seed.

    python3 scripts/fuzz/make_seeds.py --out .build-fuzz/seeds [--seed 1] [--no-big]

Writes, under OUT:
  seeds/{png,jpeg,webp,tiff}/   valid files, 61-512 px, in the variants each decoder has to handle
  bombs/                        decompression bombs and header liars
  truncated/{format}/           every seed cut at 10/30/50/70/90 %, with and without an appended
                                JPEG EOI (FF D9): each one must be rejected
  manifest.json                 every file: kind (seed/bomb/truncated), format, what it is

Tools: python3 (standard library only: PNG and TIFF are written here, with zlib), and Debian's
libjpeg-turbo-progs (cjpeg, jpegtran), webp (cwebp) and libtiff-tools (tiffcp) for the JPEG,
WebP and TIFF variants. Missing tools are installed with apt-get (as root, or through sudo).
The same seed and tool versions give the same bytes.
"""
import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

TOOLS = {"cjpeg": "libjpeg-turbo-progs", "jpegtran": "libjpeg-turbo-progs",
         "cwebp": "webp", "tiffcp": "libtiff-tools"}
CUTS = (10, 30, 50, 70, 90)


def ensure_tools():
    missing = sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"make_seeds: installing {' '.join(missing)}", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", *missing], check=True, env=env,
                   stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------------------- pixels

def picture(rng, width, height, channels, depth=8):
    """A photograph-like test picture: gradients, a sinusoid, rectangles and noise.

    Returns rows of samples (ints), `channels` per pixel, in [0, 2^depth)."""
    top = (1 << depth) - 1
    rects = [(rng.randrange(width), rng.randrange(height), rng.randrange(4, max(5, width // 2)),
              rng.randrange(4, max(5, height // 2)), [rng.randrange(top + 1) for _ in range(channels)])
             for _ in range(4)]
    fx, fy = rng.uniform(0.02, 0.2), rng.uniform(0.02, 0.2)
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            base = (x * 0.6 / width + y * 0.4 / height)
            wave = 0.15 * (((x * fx + y * fy) % 2.0) - 1.0)
            for c in range(channels):
                v = base + wave + 0.1 * c + (rng.random() - 0.5) * 0.08
                v = int(max(0.0, min(1.0, v)) * top)
                for rx, ry, rw, rh, colour in rects:
                    if rx <= x < rx + rw and ry <= y < ry + rh:
                        v = (v + colour[c]) // 2
                row.append(v)
        rows.append(row)
    return rows


def pnm(rows, width, height, channels):
    header = f"P{6 if channels == 3 else 5}\n{width} {height}\n255\n".encode()
    return header + b"".join(bytes(r) for r in rows)


# ---------------------------------------------------------------------------- PNG

def chunk(kind, data, crc=None):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) if crc is None else crc)


def pack_row(samples, depth):
    """Packs one row of samples as PNG stores them (sub-byte packed, 16-bit big-endian)."""
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def filter_rows(raw_rows, bpp, rng):
    """Applies a filter (0-4, chosen per row) to each packed row."""
    out = bytearray()
    prev = bytes(len(raw_rows[0])) if raw_rows else b""
    for row in raw_rows:
        f = rng.randrange(5)
        line = bytearray(len(row))
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 0: p = 0
            elif f == 1: p = a
            elif f == 2: p = b
            elif f == 3: p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (v - p) & 0xFF
        out.append(f)
        out += line
        prev = row
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_bytes(rows, width, height, depth, colour_type, rng, interlace=False, palette=None, trns=None,
              idat_split=0, extra_chunks=(), level=6):
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    bpp = max(1, channels * depth // 8)
    if interlace:
        data = b""
        for x0, y0, dx, dy in ADAM7:
            sub = [rows[y][x * channels:(x + 1) * channels] for y in range(y0, height, dy)
                   for x in range(x0, width, dx)]
            pw = len(range(x0, width, dx))
            ph = len(range(y0, height, dy))
            if pw == 0 or ph == 0:
                continue
            packed = [pack_row([s for px in sub[r * pw:(r + 1) * pw] for s in px], depth) for r in range(ph)]
            data += filter_rows(packed, bpp, rng)
    else:
        data = filter_rows([pack_row(r, depth) for r in rows], bpp, rng)
    z = zlib.compress(data, level)
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 1 if interlace else 0))
    for kind, body in extra_chunks:
        out += chunk(kind, body)
    if palette is not None:
        out += chunk(b"PLTE", bytes(v for rgb in palette for v in rgb))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    if idat_split:
        for i in range(0, len(z), idat_split):
            out += chunk(b"IDAT", z[i:i + idat_split])
    else:
        out += chunk(b"IDAT", z)
    return out + chunk(b"IEND", b"")


def png_seeds(rng, emit):
    for n, (depth, ct, size, interlace, extra) in enumerate([
        (8, 2, (96, 64), False, "rgb8"), (8, 2, (61, 37), True, "rgb8"),
        (8, 6, (80, 80), False, "rgba8"), (8, 6, (64, 72), True, "rgba8"),
        (16, 2, (64, 64), False, "rgb16"), (16, 6, (64, 48), True, "rgba16"),
        (1, 0, (67, 64), False, "grey1"), (2, 0, (64, 65), False, "grey2"),
        (4, 0, (70, 64), True, "grey4"), (8, 0, (128, 96), False, "grey8"),
        (16, 0, (64, 64), False, "grey16"), (16, 0, (64, 64), True, "grey16"),
        (8, 4, (64, 64), False, "greyalpha8"), (16, 4, (64, 64), False, "greyalpha16"),
        (8, 3, (100, 64), False, "pal8"), (4, 3, (64, 64), True, "pal4"), (2, 3, (64, 64), False, "pal2"),
        (1, 3, (65, 65), True, "pal1"), (8, 3, (64, 64), False, "pal8-trns"), (8, 0, (64, 64), False, "grey8-trns"),
        (8, 2, (64, 64), False, "rgb8-trns"), (8, 2, (256, 192), False, "rgb8-big"),
        (8, 2, (512, 384), False, "rgb8-512"), (8, 2, (200, 150), True, "rgb8-adam7-idat-split"),
    ]):
        w, h = size
        channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ct]
        top = (1 << depth) - 1
        palette = trns = None
        if ct == 3:
            entries = 1 << depth
            palette = [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(entries)]
            rows = [[rng.randrange(entries) for _ in range(w)] for _ in range(h)]
            if extra.endswith("trns"):
                trns = bytes(rng.randrange(256) for _ in range(entries // 2))
        else:
            rows = picture(rng, w, h, channels, depth)
            if extra == "grey8-trns":
                trns = struct.pack(">H", 128)
            elif extra == "rgb8-trns":
                trns = struct.pack(">HHH", 10, 20, 30)
        extras = [(b"gAMA", struct.pack(">I", 45455)), (b"tEXt", b"Comment\x00telltale fuzz seed")] if n % 3 == 0 else []
        split = 1000 if "idat-split" in extra else (0 if n % 4 else 257)
        data = png_bytes(rows, w, h, depth, ct, rng, interlace, palette, trns, split, extras, level=(n % 9) + 1)
        emit("png", f"{extra}{'-adam7' if interlace and 'adam7' not in extra else ''}-{w}x{h}.png", data,
             f"PNG {extra} {w}x{h}{' Adam7' if interlace else ''}")


# ---------------------------------------------------------------------------- JPEG

def run(cmd, data=None):
    return subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True).stdout


JPEG_VARIANTS = [
    # name, cjpeg options, grey source
    ("baseline-q75-420", ["-quality", "75"], False),
    ("baseline-q90-444", ["-quality", "90", "-sample", "1x1"], False),
    ("baseline-q85-422", ["-quality", "85", "-sample", "2x1"], False),
    ("baseline-q80-440", ["-quality", "80", "-sample", "1x2"], False),
    ("baseline-q70-411", ["-quality", "70", "-sample", "4x1"], False),
    ("baseline-q95-grey", ["-quality", "95"], True),
    ("baseline-q10", ["-quality", "10"], False),
    ("baseline-q100-444", ["-quality", "100", "-sample", "1x1"], False),
    ("optimized", ["-quality", "80", "-optimize"], False),
    ("progressive-420", ["-quality", "85", "-progressive"], False),
    ("progressive-444", ["-quality", "90", "-progressive", "-sample", "1x1"], False),
    ("progressive-grey", ["-quality", "75", "-progressive"], True),
    ("arithmetic-420", ["-quality", "80", "-arithmetic"], False),
    ("arithmetic-444", ["-quality", "90", "-arithmetic", "-sample", "1x1"], False),
    ("arithmetic-grey", ["-quality", "75", "-arithmetic"], True),
    ("arithmetic-progressive", ["-quality", "85", "-arithmetic", "-progressive"], False),
    ("restart-rows", ["-quality", "80", "-restart", "1"], False),
    ("restart-blocks", ["-quality", "80", "-restart", "3B"], False),
    ("restart-progressive", ["-quality", "80", "-restart", "2", "-progressive"], False),
    ("restart-arithmetic", ["-quality", "80", "-restart", "5B", "-arithmetic"], False),
    ("smooth-dct-float", ["-quality", "60", "-smooth", "30", "-dct", "float"], False),
    ("rgb-colourspace", ["-quality", "85", "-rgb"], False),
]


def jpeg_seeds(rng, emit):
    sizes = [(64, 64), (61, 37), (96, 80), (128, 96), (173, 129), (256, 192), (512, 384)]
    for i, (name, options, grey) in enumerate(JPEG_VARIANTS):
        w, h = sizes[i % len(sizes)]
        src = pnm(picture(rng, w, h, 1 if grey else 3), w, h, 1 if grey else 3)
        emit("jpeg", f"{name}-{w}x{h}.jpg", run(["cjpeg", *options], src), f"JPEG {name} {w}x{h} (cjpeg {' '.join(options)})")
    # jpegtran: lossless rewrites of a baseline file.
    w, h = 120, 88
    base = run(["cjpeg", "-quality", "85"], pnm(picture(rng, w, h, 3), w, h, 3))
    for name, options in [("jpegtran-progressive", ["-progressive"]), ("jpegtran-arithmetic", ["-arithmetic"]),
                          ("jpegtran-restart", ["-restart", "2B"]), ("jpegtran-optimize", ["-optimize", "-copy", "none"]),
                          ("jpegtran-rot90", ["-rotate", "90"]), ("jpegtran-crop", ["-crop", "64x48+8+8"])]:
        emit("jpeg", f"{name}-{w}x{h}.jpg", run(["jpegtran", *options], base), f"JPEG {name} (jpegtran {' '.join(options)})")


# ---------------------------------------------------------------------------- WebP

def webp_seeds(rng, emit, tmp):
    for i, (name, options, alpha, size) in enumerate([
        ("lossy-q50", ["-q", "50"], False, (64, 64)), ("lossy-q90", ["-q", "90"], False, (128, 96)),
        ("lossy-odd", ["-q", "75", "-m", "6"], False, (61, 37)),
        ("lossy-sharp-yuv", ["-q", "80", "-sharp_yuv"], False, (96, 96)),
        ("lossy-segments", ["-q", "70", "-segments", "1", "-sns", "0", "-f", "0"], False, (80, 64)),
        ("lossless", ["-lossless"], False, (64, 64)), ("lossless-z9", ["-lossless", "-z", "9"], False, (100, 70)),
        ("near-lossless", ["-near_lossless", "60"], False, (64, 64)),
        ("lossy-alpha", ["-q", "75", "-alpha_q", "50"], True, (64, 64)),
        ("lossy-alpha-lossless-alpha", ["-q", "75", "-alpha_q", "100", "-exact"], True, (72, 64)),
        ("lossless-alpha", ["-lossless", "-exact"], True, (64, 80)),
        ("lossy-512", ["-q", "80"], False, (512, 384)),
    ]):
        w, h = size
        channels = 4 if alpha else 3
        src = os.path.join(tmp, f"w{i}.png")
        with open(src, "wb") as f:
            f.write(png_bytes(picture(rng, w, h, channels), w, h, 8, 6 if alpha else 2, rng))
        dst = os.path.join(tmp, f"w{i}.webp")
        subprocess.run(["cwebp", "-quiet", *options, src, "-o", dst], check=True)
        with open(dst, "rb") as f:
            emit("webp", f"{name}-{w}x{h}.webp", f.read(), f"WebP {name} {w}x{h} (cwebp {' '.join(options)})")


# ---------------------------------------------------------------------------- TIFF

def tiff_bytes(width, height, spp, bps, photometric, data, colormap=None, extra=(), strips=None):
    """A little-endian baseline TIFF: uncompressed strips, chunky, one IFD."""
    row_bytes = (width * spp * bps + 7) // 8
    rows_per_strip = strips or height
    strip_data = [data[y * row_bytes:min(height, y + rows_per_strip) * row_bytes] for y in range(0, height, rows_per_strip)]
    out = bytearray(b"II*\x00" + struct.pack("<I", 0))
    offsets = []
    for s in strip_data:
        offsets.append(len(out))
        out += s
        if len(out) % 2:
            out += b"\x00"
    entries = []  # (tag, type, count, values)
    entries.append((256, 4, 1, [width]))
    entries.append((257, 4, 1, [height]))
    entries.append((258, 3, spp, [bps] * spp))
    entries.append((259, 3, 1, [1]))
    entries.append((262, 3, 1, [photometric]))
    entries.append((273, 4, len(offsets), offsets))
    entries.append((277, 3, 1, [spp]))
    entries.append((278, 4, 1, [rows_per_strip]))
    entries.append((279, 4, len(strip_data), [len(s) for s in strip_data]))
    entries.append((284, 3, 1, [1]))
    if colormap is not None:
        entries.append((320, 3, len(colormap), colormap))
    entries.extend(extra)
    entries.sort()
    return bytes(tiff_ifd(out, entries))


def tiff_ifd(out, entries, next_ifd=0):
    """Appends an IFD (and its out-of-line values) to `out` and points the header at it."""
    fmt = {3: "H", 4: "I"}
    blobs = []
    ifd_at = len(out) + (len(out) % 2)
    out += b"\x00" * (len(out) % 2)
    size = 2 + 12 * len(entries) + 4
    extra_at = ifd_at + size
    ifd = bytearray(struct.pack("<H", len(entries)))
    for tag, typ, count, values in entries:
        packed = struct.pack("<" + fmt[typ] * count, *values)
        if len(packed) <= 4:
            ifd += struct.pack("<HHI", tag, typ, count) + packed.ljust(4, b"\x00")
        else:
            ifd += struct.pack("<HHII", tag, typ, count, extra_at)
            blobs.append(packed)
            extra_at += len(packed) + len(packed) % 2
    ifd += struct.pack("<I", next_ifd)
    out += ifd
    for b in blobs:
        out += b + b"\x00" * (len(b) % 2)
    struct.pack_into("<I", out, 4, ifd_at)
    return out


def tiff_seeds(rng, emit, tmp):
    def sample_bytes(rows, depth):
        return b"".join(pack_row(r, depth) if depth != 16 else b"".join(struct.pack("<H", s) for s in r) for r in rows)

    bases = {}
    w, h = 96, 64
    bases["rgb8"] = tiff_bytes(w, h, 3, 8, 2, sample_bytes(picture(rng, w, h, 3), 8), strips=16)
    bases["grey8"] = tiff_bytes(w, h, 1, 8, 1, sample_bytes(picture(rng, w, h, 1), 8), strips=8)
    bases["rgba8"] = tiff_bytes(64, 64, 4, 8, 2, sample_bytes(picture(rng, 64, 64, 4), 8), extra=[(338, 3, 1, [2])])
    bases["rgb16"] = tiff_bytes(64, 48, 3, 16, 2, sample_bytes(picture(rng, 64, 48, 3, 16), 16))
    bases["grey16"] = tiff_bytes(64, 64, 1, 16, 1, sample_bytes(picture(rng, 64, 64, 1, 16), 16))
    bases["minwhite8"] = tiff_bytes(64, 64, 1, 8, 0, sample_bytes(picture(rng, 64, 64, 1), 8))
    bases["minwhite1"] = tiff_bytes(70, 64, 1, 1, 0, sample_bytes([[rng.randrange(2) for _ in range(70)] for _ in range(64)], 1))
    cmap = [rng.randrange(65536) for _ in range(3 * 256)]
    bases["palette8"] = tiff_bytes(80, 64, 1, 8, 3, bytes(rng.randrange(256) for _ in range(80 * 64)), colormap=cmap)
    cmap4 = [rng.randrange(65536) for _ in range(3 * 16)]
    bases["palette4"] = tiff_bytes(64, 64, 1, 4, 3, sample_bytes([[rng.randrange(16) for _ in range(64)] for _ in range(64)], 4), colormap=cmap4)
    bases["rgb8-256"] = tiff_bytes(256, 192, 3, 8, 2, sample_bytes(picture(rng, 256, 192, 3), 8), strips=32)
    for name, data in bases.items():
        emit("tiff", f"{name}-none.tif", data, f"TIFF {name} uncompressed")
    variants = [("lzw", ["-c", "lzw"]), ("lzw-pred", ["-c", "lzw:2"]), ("zip", ["-c", "zip"]),
                ("zip-pred", ["-c", "zip:2"]), ("packbits", ["-c", "packbits"]),
                ("tiles", ["-t", "-w", "32", "-l", "32"]), ("tiles-lzw", ["-c", "lzw", "-t", "-w", "16", "-l", "16"]),
                ("separate", ["-p", "separate"]), ("separate-zip", ["-p", "separate", "-c", "zip"]),
                ("bigendian", ["-B"]), ("strips1", ["-r", "1"]), ("jpeg", ["-c", "jpeg:90"]),
                ("jpeg-tiles", ["-c", "jpeg", "-t", "-w", "32", "-l", "32"])]
    for name, data in bases.items():
        for vname, options in variants:
            if vname.startswith("jpeg") and (name not in ("rgb8", "grey8", "rgb8-256")):
                continue
            if vname.startswith("separate") and name not in ("rgb8", "rgba8", "rgb16"):
                continue
            if name not in ("rgb8", "grey8") and vname not in ("lzw", "zip-pred", "packbits", "tiles", "separate"):
                continue
            src = os.path.join(tmp, "in.tif")
            dst = os.path.join(tmp, "out.tif")
            with open(src, "wb") as f:
                f.write(data)
            if os.path.exists(dst):
                os.remove(dst)
            r = subprocess.run(["tiffcp", *options, src, dst], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if r.returncode != 0:
                continue
            with open(dst, "rb") as f:
                emit("tiff", f"{name}-{vname}.tif", f.read(), f"TIFF {name} (tiffcp {' '.join(options)})")


# ---------------------------------------------------------------------------- bombs and liars

def bombs(rng, emit, tmp, big):
    # PNG whose IHDR claims 16384x16384 RGB, with a tiny IDAT: 69 bytes.
    z = zlib.compress(b"\x00" * 10, 9)
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 16384, 16384, 8, 2, 0, 0, 0))
    emit("bomb", "png-ihdr-16384sq.png", b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", z) + chunk(b"IEND", b""),
         "PNG IHDR claims 16384x16384 RGB, 10 bytes of pixels")
    # The largest size a PNG may claim.
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 0x7FFFFFFF, 0x7FFFFFFF, 16, 6, 0, 0, 0))
    emit("bomb", "png-ihdr-max.png", b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", z) + chunk(b"IEND", b""),
         "PNG IHDR claims 2^31-1 squared RGBA16")
    # Interlaced palette PNG of a large size with a tiny IDAT.
    for w, h in [(16000, 16000), (30000, 8000)]:
        ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 1))
        plte = chunk(b"PLTE", bytes(range(48)))
        emit("bomb", f"png-adam7-palette-{w}x{h}.png",
             b"\x89PNG\r\n\x1a\n" + ihdr + plte + chunk(b"IDAT", zlib.compress(b"\x00" * 64, 9)) + chunk(b"IEND", b""),
             f"PNG Adam7 palette {w}x{h} (full-image buffer {w * h * 3 >> 20} MiB), 64 bytes of pixels")

    # zlib bombs: the whole IDAT of zero rows, 1000:1.
    def zlib_bomb(w, h, ct, depth, channels, interlace=False):
        row = b"\x00" + b"\x00" * ((w * channels * depth + 7) // 8)
        comp = zlib.compressobj(9)
        parts = [comp.compress(row) for _ in range(h)]
        parts.append(comp.flush())
        ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ct, 0, 0, 1 if interlace else 0))
        return b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")

    emit("bomb", "png-zlib-bomb-4096sq-grey.png", zlib_bomb(4096, 4096, 0, 8, 1),
         "PNG zlib bomb: 4096x4096 grey (16 MiB) in a 17 KB IDAT; within the budget: decodes")
    if big:
        emit("bomb", "png-zlib-bomb-16000sq-rgb.png", zlib_bomb(16000, 16000, 2, 8, 3),
             "PNG zlib bomb: 16000x16000 RGB (732 MiB of pixels) in a ~750 KB IDAT; over the budget")
        emit("bomb", "png-zlib-bomb-9000x9000-rgba16.png", zlib_bomb(9000, 9000, 6, 16, 8),
             "PNG zlib bomb: 9000x9000 RGBA16 (rows of 144 KB) whose full decode (232 MiB of RGB) just fits the budget")

    # JPEG header liars: a small valid file whose SOF claims a huge size.
    def sof_patch(data, w, h):
        data = bytearray(data)
        i = 2
        while i + 4 < len(data):
            marker = data[i + 1]
            length = struct.unpack(">H", data[i + 2:i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC9, 0xCA, 0xCB):
                struct.pack_into(">HH", data, i + 5, h, w)
                return bytes(data)
            i += 2 + length
        raise ValueError("no SOF")

    small = pnm(picture(rng, 32, 32, 3), 32, 32, 3)
    arith_prog = run(["cjpeg", "-quality", "50", "-arithmetic", "-progressive", "-sample", "1x1"], small)
    emit("bomb", "jpeg-arith-progressive-claims-16384sq.jpg", sof_patch(arith_prog, 16384, 16384),
         f"JPEG progressive arithmetic, SOF claims 16384x16384, {len(arith_prog)} bytes")
    huff_prog = run(["cjpeg", "-quality", "50", "-progressive", "-sample", "1x1"], small)
    emit("bomb", "jpeg-progressive-claims-16384sq.jpg", sof_patch(huff_prog, 16384, 16384),
         "JPEG progressive Huffman 4:4:4, SOF claims 16384x16384")
    base = run(["cjpeg", "-quality", "50"], small)
    emit("bomb", "jpeg-claims-4096x60000.jpg", sof_patch(base, 4096, 60000),
         "JPEG baseline, SOF claims 4096x60000, little data")
    emit("bomb", "jpeg-claims-65500sq.jpg", sof_patch(base, 65500, 65500), "JPEG baseline, SOF claims 65500x65500")
    emit("bomb", "jpeg-claims-zero-width.jpg", sof_patch(base, 0, 64), "JPEG baseline, SOF width 0")
    if big:
        # A valid progressive 4:4:4 JPEG of 8000x8000: libjpeg keeps every coefficient (~384 MB).
        w = h = 8000
        ramp = bytes(((x * 255) // w) for x in range(w))
        rows = (b"".join(bytes((v, (v + y) & 0xFF, 128)) for v in ramp) for y in range(0, h, 500))
        band = list(rows)
        body = b"".join(band[y // 500] for y in range(h))
        jpg = run(["cjpeg", "-quality", "80", "-progressive", "-sample", "1x1"],
                  f"P6\n{w} {h}\n255\n".encode() + body)
        del body
        emit("bomb", "jpeg-progressive-444-8000sq.jpg", jpg,
             f"JPEG valid progressive 4:4:4 8000x8000 ({len(jpg) >> 10} KB): ~384 MB of coefficients in libjpeg")

    # WebP header liars.
    def riff(chunks):
        body = b"WEBP" + b"".join(k + struct.pack("<I", len(d)) + d + (b"\x00" if len(d) % 2 else b"") for k, d in chunks)
        return b"RIFF" + struct.pack("<I", len(body)) + body

    bits = (16383 - 1) | ((16383 - 1) << 14) | (0 << 28) | (0 << 29)
    vp8l = b"\x2f" + struct.pack("<I", bits) + bytes(rng.randrange(256) for _ in range(24))
    emit("bomb", "webp-vp8l-claims-16383sq.webp", riff([(b"VP8L", vp8l)]), "WebP VP8L header claims 16383x16383")
    vp8x = struct.pack("<I", 0x10)[:1] + b"\x00\x00\x00" + (16383 - 1).to_bytes(3, "little") + (16383 - 1).to_bytes(3, "little")
    emit("bomb", "webp-vp8x-alpha-claims-16383sq.webp", riff([(b"VP8X", vp8x), (b"ALPH", b"\x00" * 16), (b"VP8L", vp8l)]),
         "WebP VP8X canvas 16383x16383 with ALPH + VP8L")
    # A lossy key frame header claiming 16383x16383.
    frame = bytearray(b"\x00" * 10 + bytes(rng.randrange(256) for _ in range(30)))
    size0 = 20
    tag = 0 | (0 << 1) | (1 << 4) | (size0 << 5)  # key frame, version 0, shown
    frame[0:3] = tag.to_bytes(3, "little")
    frame[3:6] = b"\x9d\x01\x2a"
    struct.pack_into("<HH", frame, 6, 16383, 16383)
    emit("bomb", "webp-vp8-claims-16383sq.webp", riff([(b"VP8 ", bytes(frame))]), "WebP VP8 key frame claims 16383x16383")
    emit("bomb", "webp-riff-size-lies.webp", b"RIFF\xff\xff\xff\x7fWEBPVP8L" + struct.pack("<I", 0x7FFFFFF0) + vp8l,
         "WebP RIFF and VP8L chunk sizes claim 2 GB")

    # TIFF liars.
    def tiff_custom(width, height, strip_bytes, data=b"\x00" * 16, compression=1, bps=8, spp=1, photometric=1):
        out = bytearray(b"II*\x00\x00\x00\x00\x00")
        at = len(out)
        out += data
        entries = [(256, 4, 1, [width]), (257, 4, 1, [height]), (258, 3, 1, [bps]), (259, 3, 1, [compression]),
                   (262, 3, 1, [photometric]), (273, 4, 1, [at]), (277, 3, 1, [spp]), (278, 4, 1, [height]),
                   (279, 4, 1, [strip_bytes])]
        return bytes(tiff_ifd(out, entries))

    emit("bomb", "tiff-claims-2g-pixels-one-strip.tif", tiff_custom(65536, 32768, 16),
         "TIFF claims 65536x32768 (2^31 pixels) grey, one 16-byte strip")
    emit("bomb", "tiff-claims-2g-pixels-lzw.tif", tiff_custom(65536, 32768, 16, data=b"\x80\x00\x20\x00" * 4, compression=5),
         "TIFF claims 2^31 pixels, LZW, one 16-byte strip")
    emit("bomb", "tiff-huge-stripbytecounts.tif", tiff_custom(64, 64, 0xFFFFFFF0),
         "TIFF 64x64 whose StripByteCounts says 4 GB")
    emit("bomb", "tiff-huge-stripbytecounts-deflate.tif", tiff_custom(64, 64, 0x7FFFFFFF, compression=8),
         "TIFF 64x64 deflate whose StripByteCounts says 2 GB")
    emit("bomb", "tiff-zip-bomb-8192sq.tif", _tiff_zip_bomb(tiff_ifd),
         "TIFF 8192x8192 grey, one deflate strip of zeros (64 MiB from ~65 KB)")

    # IFD chains and loops.
    def ifd_chain(n, loop):
        out = bytearray(b"II*\x00\x00\x00\x00\x00")
        data_at = len(out)
        out += b"\x80" * 64
        first = len(out)
        ifd_size = 2 + 12 * 9 + 4
        for k in range(n):
            at = first + k * ifd_size
            nxt = (first if loop else 0) if k == n - 1 else at + ifd_size
            entries = [(256, 4, 1, [8]), (257, 4, 1, [8]), (258, 3, 1, [8]), (259, 3, 1, [1]), (262, 3, 1, [1]),
                       (273, 4, 1, [data_at]), (277, 3, 1, [1]), (278, 4, 1, [8]), (279, 4, 1, [64])]
            ifd = bytearray(struct.pack("<H", len(entries)))
            for tag, typ, count, values in entries:
                packed = struct.pack("<" + {3: "H", 4: "I"}[typ], *values)
                ifd += struct.pack("<HHI", tag, typ, count) + packed.ljust(4, b"\x00")
            ifd += struct.pack("<I", nxt)
            out += ifd
        struct.pack_into("<I", out, 4, first)
        return bytes(out)

    emit("bomb", "tiff-ifd-self-loop.tif", ifd_chain(1, True), "TIFF whose only IFD points to itself")
    emit("bomb", "tiff-ifd-loop-3.tif", ifd_chain(3, True), "TIFF IFD chain of 3 looping back to the first")
    emit("bomb", "tiff-ifd-chain-20000.tif", ifd_chain(20000, False), "TIFF chain of 20,000 IFDs")
    # An IFD claiming 65535 entries in a short file.
    emit("bomb", "tiff-ifd-65535-entries.tif", b"II*\x00\x08\x00\x00\x00\xff\xff" + b"\x00" * 64,
         "TIFF IFD claims 65535 entries, 64 bytes follow")


def _tiff_zip_bomb(tiff_ifd):
    w = h = 8192
    z = zlib.compress(b"\x00" * (w * h), 9)
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    at = len(out)
    out += z
    entries = [(256, 4, 1, [w]), (257, 4, 1, [h]), (258, 3, 1, [8]), (259, 3, 1, [8]), (262, 3, 1, [1]),
               (273, 4, 1, [at]), (277, 3, 1, [1]), (278, 4, 1, [h]), (279, 4, 1, [len(z)])]
    return bytes(tiff_ifd(out, entries))


# ---------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-big", action="store_true",
                    help="skip the bombs that take seconds to make (8000² JPEG, 16000² zlib bomb)")
    args = ap.parse_args()
    ensure_tools()
    rng = random.Random(args.seed)
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    manifest = []

    def emit(group, name, data, what):
        folder = os.path.join(out, "bombs" if group == "bomb" else os.path.join("seeds", group))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        fmt = group if group != "bomb" else {"png": "png", "jpg": "jpeg", "webp": "webp", "tif": "tiff"}[name.rsplit(".", 1)[1]]
        manifest.append({"path": os.path.relpath(path, out), "kind": "bomb" if group == "bomb" else "seed",
                         "format": fmt, "bytes": len(data), "what": what})

    with tempfile.TemporaryDirectory() as tmp:
        png_seeds(rng, emit)
        jpeg_seeds(rng, emit)
        webp_seeds(rng, emit, tmp)
        tiff_seeds(rng, emit, tmp)
        bombs(rng, emit, tmp, not args.no_big)

    # Truncations of every seed: each must be rejected.
    for entry in [e for e in manifest if e["kind"] == "seed"]:
        with open(os.path.join(out, entry["path"]), "rb") as f:
            data = f.read()
        stem, ext = os.path.splitext(os.path.basename(entry["path"]))
        folder = os.path.join(out, "truncated", entry["format"])
        os.makedirs(folder, exist_ok=True)
        for cut in CUTS:
            n = max(1, len(data) * cut // 100)
            for eoi in (False, True):
                body = data[:n] + (b"\xff\xd9" if eoi else b"")
                name = f"{stem}.cut{cut}{'.eoi' if eoi else ''}{ext}"
                path = os.path.join(folder, name)
                with open(path, "wb") as f:
                    f.write(body)
                manifest.append({"path": os.path.relpath(path, out), "kind": "truncated", "format": entry["format"],
                                 "bytes": len(body), "what": f"{entry['path']} cut at {cut} %"
                                 + (" + FF D9" if eoi else ""), "must_reject": True})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"seed": args.seed, "files": manifest}, f, indent=1, sort_keys=True)
    kinds = {}
    for e in manifest:
        kinds[(e["kind"], e["format"])] = kinds.get((e["kind"], e["format"]), 0) + 1
    summary = ", ".join(f"{n} {k} {f}" for (k, f), n in sorted(kinds.items()))
    print(f"make_seeds: {len(manifest)} files in {out} ({summary})")


if __name__ == "__main__":
    main()
