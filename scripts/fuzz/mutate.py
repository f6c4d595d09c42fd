#!/usr/bin/env python3
"""Deterministic, structure-aware mutation of PNG, JPEG, WebP and TIFF files.

Used by scripts/fuzz/swift_path.py and scripts/fuzz/campaign.py. Mutant k of a run with
seed S is made by random.Random(f"{S}:{k}") alone, so any mutant can be made again from
(S, k) and the seed corpus, without the others (`python3 mutate.py SEEDS S K OUT` does).

Operations: bit flips, interesting byte values, random spans, span duplication and
deletion, truncation, splices of two seeds of one format, and per format:
  PNG   chunk drop / duplicate / swap, chunk length edits, IHDR field edits,
        edits inside IDAT's zlib data — with CRCs recomputed most of the time, so the
        mutant gets past the CRC check into zlib and the filters
  JPEG  SOF size / component / sampling edits, DQT / DHT / DRI / SOS edits, segment
        length edits, segment drop / duplicate, entropy-coded data edits, markers
        (RSTn, EOI, SOS, FF 00) inserted into the scan
  WebP  RIFF and chunk size edits, VP8 / VP8L / VP8X size fields, payload edits
  TIFF  IFD entry type / count / value edits (sizes, offsets, compression,
        photometric, bits, samples, strip byte counts), next-IFD pointer loops,
        strip data edits
"""
import random
import struct
import sys
import zlib

INTERESTING8 = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40]
INTERESTING16 = [0, 1, 2, 7, 8, 15, 16, 255, 256, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 16383, 16384, 65500]
INTERESTING32 = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF, 0x10000, 1 << 20, 1 << 28, 0x3FFF]


def sniff(data):
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    return None


# ---------------------------------------------------------------------------- generic

def g_bitflip(d, r):
    if d:
        i = r.randrange(len(d))
        d[i] ^= 1 << r.randrange(8)
    return "bitflip"


def g_byte(d, r):
    if d:
        # Headers are where the interesting fields are.
        i = r.randrange(min(len(d), 256)) if r.random() < 0.5 else r.randrange(len(d))
        d[i] = r.choice(INTERESTING8) if r.random() < 0.7 else r.randrange(256)
    return "byte"


def g_span(d, r):
    if d:
        i = r.randrange(len(d))
        n = min(len(d) - i, 1 + r.randrange(32))
        d[i:i + n] = bytes(r.randrange(256) for _ in range(n))
    return "span"


def g_dup(d, r):
    if d:
        i = r.randrange(len(d))
        n = min(len(d) - i, 1 + r.randrange(256))
        j = r.randrange(len(d))
        d[j:j] = d[i:i + n]
    return "dup"


def g_delete(d, r):
    if len(d) > 2:
        i = r.randrange(len(d))
        n = min(len(d) - i, 1 + r.randrange(256))
        del d[i:i + n]
    return "delete"


def g_truncate(d, r):
    if len(d) > 1:
        del d[1 + r.randrange(len(d) - 1):]
    return "truncate"


def g_field(d, r):
    """Overwrites a 16- or 32-bit field anywhere in the first 512 bytes with an edge value."""
    if len(d) >= 4:
        i = r.randrange(min(len(d) - 3, 512))
        endian = r.choice("<>")
        if r.random() < 0.5:
            struct.pack_into(endian + "H", d, i, r.choice(INTERESTING16))
        else:
            struct.pack_into(endian + "I", d, i, r.choice(INTERESTING32))
    return "field"


GENERIC = [g_bitflip, g_byte, g_span, g_dup, g_delete, g_truncate, g_field]


# ---------------------------------------------------------------------------- PNG

def png_chunks(d):
    chunks, i = [], 8
    while i + 12 <= len(d):
        n = struct.unpack(">I", d[i:i + 4])[0]
        if i + 12 + n > len(d):
            break
        chunks.append([bytes(d[i + 4:i + 8]), bytearray(d[i + 8:i + 8 + n])])
        i += 12 + n
    return chunks, bytes(d[i:])


def png_join(chunks, tail, fix_crc=True):
    out = bytearray(b"\x89PNG\r\n\x1a\n")
    for kind, body in chunks:
        crc = zlib.crc32(kind + body) if fix_crc else zlib.crc32(kind + body) ^ 1
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    return out + tail


def png_mutate(d, r):
    chunks, tail = png_chunks(d)
    if not chunks:
        return r.choice(GENERIC)(d, r)
    op = r.randrange(8)
    kinds = [c[0] for c in chunks]
    if op == 0 and chunks[0][0] == b"IHDR" and len(chunks[0][1]) == 13:
        ihdr = chunks[0][1]
        field = r.randrange(7)
        if field < 2:
            struct.pack_into(">I", ihdr, field * 4, r.choice(INTERESTING32 + [r.randrange(1, 70000)]))
        else:
            ihdr[8 + field - 2] = r.choice([0, 1, 2, 3, 4, 6, 8, 16, 7, 255])
        what = "png-ihdr"
    elif op == 1 and b"IDAT" in kinds:
        # Edit the zlib stream or the filtered rows in it.
        body = chunks[kinds.index(b"IDAT")][1]
        if body:
            for _ in range(1 + r.randrange(4)):
                i = r.randrange(len(body))
                body[i] = r.randrange(256) if r.random() < 0.5 else body[i] ^ (1 << r.randrange(8))
        what = "png-idat"
    elif op == 2 and b"IDAT" in kinds:
        # Re-compress the rows with a mutated filter byte or row content.
        idats = [c for c in chunks if c[0] == b"IDAT"]
        try:
            raw = bytearray(zlib.decompress(b"".join(bytes(c[1]) for c in idats)))
        except zlib.error:
            raw = bytearray()
        if raw:
            for _ in range(1 + r.randrange(3)):
                raw[r.randrange(len(raw))] = r.choice([0, 1, 2, 3, 4, 5, 255, r.randrange(256)])
            if r.random() < 0.3:
                del raw[r.randrange(len(raw)):]
            elif r.random() < 0.2:
                raw += bytes(r.randrange(1, 5000))
            first = kinds.index(b"IDAT")
            chunks = [c for c in chunks if c[0] != b"IDAT"]
            chunks.insert(first, [b"IDAT", bytearray(zlib.compress(bytes(raw), r.randrange(10)))])
        what = "png-rows"
    elif op == 3 and len(chunks) > 1:
        del chunks[r.randrange(len(chunks))]
        what = "png-drop"
    elif op == 4:
        i = r.randrange(len(chunks))
        chunks.insert(r.randrange(len(chunks) + 1), [chunks[i][0], bytearray(chunks[i][1])])
        what = "png-dup"
    elif op == 5 and len(chunks) > 1:
        i = r.randrange(len(chunks) - 1)
        chunks[i], chunks[i + 1] = chunks[i + 1], chunks[i]
        what = "png-swap"
    elif op == 6:
        # A chunk whose length field lies (CRC left as it is).
        out = png_join(chunks, tail)
        i, k = 8, r.randrange(len(chunks))
        for c in chunks[:k]:
            i += 12 + len(c[1])
        struct.pack_into(">I", out, i, r.choice(INTERESTING32 + [len(chunks[k][1]) + r.choice([-1, 1, 4])]) & 0xFFFFFFFF)
        d[:] = out
        return "png-length"
    else:
        # Ancillary chunks the decoder must tolerate or reject.
        kind = r.choice([b"tRNS", b"PLTE", b"gAMA", b"iCCP", b"sBIT", b"tEXt", b"zTXt", b"acTL", b"cHRM", b"IDAT"])
        body = bytearray(r.randrange(256) for _ in range(r.choice([0, 1, 3, 6, 13, 256, 769])))
        chunks.insert(r.randrange(1, len(chunks) + 1), [kind, body])
        what = "png-insert"
    d[:] = png_join(chunks, tail, fix_crc=r.random() < 0.85)
    return what


# ---------------------------------------------------------------------------- JPEG

def jpeg_segments(d):
    """(offset, marker, length) of the segments up to and including the first SOS, and the scan's start."""
    segs, i = [], 2
    while i + 4 <= len(d) and d[i] == 0xFF:
        marker = d[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        n = struct.unpack(">H", d[i + 2:i + 4])[0]
        segs.append((i, marker, n))
        i += 2 + n
        if marker == 0xDA:
            return segs, i
    return segs, i


def jpeg_mutate(d, r):
    segs, scan = jpeg_segments(d)
    if not segs:
        return r.choice(GENERIC)(d, r)
    op = r.randrange(9)
    sof = [s for s in segs if s[1] in (0xC0, 0xC1, 0xC2, 0xC3, 0xC9, 0xCA, 0xCB)]
    if op == 0 and sof:
        at = sof[0][0]
        field = r.randrange(6)
        if field == 0 and at + 9 < len(d):
            struct.pack_into(">H", d, at + 5, r.choice(INTERESTING16 + [r.randrange(1, 20000)]))  # height
        elif field == 1 and at + 9 < len(d):
            struct.pack_into(">H", d, at + 7, r.choice(INTERESTING16 + [r.randrange(1, 20000)]))  # width
        elif field == 2 and at + 9 < len(d):
            d[at + 9] = r.choice([0, 1, 2, 3, 4, 5, 255])  # components
        elif field == 3 and at + 4 < len(d):
            d[at + 4] = r.choice([0, 8, 12, 16, 255])  # precision
        elif field == 4 and at + 11 < len(d):
            comp = r.randrange(max(1, min(4, d[at + 9])))
            if at + 11 + 3 * comp < len(d):
                d[at + 11 + 3 * comp] = r.choice([0x11, 0x12, 0x21, 0x22, 0x41, 0x14, 0x44, 0x00, 0x0F, 0xF0, 0x33])
        else:
            d[at + 1] = r.choice([0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC9, 0xCA, 0xCB, 0xCD])  # the coding process
        return "jpeg-sof"
    if op == 1:
        # Inside a table or the SOS header.
        tables = [s for s in segs if s[1] in (0xC4, 0xDB, 0xDD, 0xDA, 0xCC)] or segs
        at, marker, n = r.choice(tables)
        if n > 2:
            i = at + 4 + r.randrange(n - 2)
            if i < len(d):
                d[i] = r.choice(INTERESTING8 + [r.randrange(256)])
        return f"jpeg-table-{marker:02x}"
    if op == 2:
        at, marker, n = r.choice(segs)
        struct.pack_into(">H", d, at + 2, r.choice([0, 1, 2, 3, n - 1, n + 1, n + 64, 0xFFFF]) & 0xFFFF)
        return "jpeg-length"
    if op == 3 and len(segs) > 1:
        at, marker, n = r.choice(segs[:-1])
        del d[at:at + 2 + n]
        return "jpeg-drop"
    if op == 4:
        at, marker, n = r.choice(segs)
        seg = d[at:at + 2 + n]
        j = r.choice([s[0] for s in segs] + [scan])
        d[j:j] = seg
        return "jpeg-dup"
    if op in (5, 6) and scan < len(d) - 2:
        # Entropy-coded data.
        for _ in range(1 + r.randrange(8)):
            i = scan + r.randrange(len(d) - scan - 2)
            d[i] = r.randrange(256) if r.random() < 0.5 else d[i] ^ (1 << r.randrange(8))
        return "jpeg-scan"
    if op == 7 and scan < len(d) - 2:
        i = scan + r.randrange(len(d) - scan - 2)
        marker = r.choice([b"\xff\xd0", b"\xff\xd7", b"\xff\xd9", b"\xff\x00", b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",
                           b"\xff\xdc\x00\x04\x40\x00", b"\xff\xff", b"\xff\xc4\x00\x03\x00"])
        d[i:i] = marker
        return "jpeg-marker"
    if op == 8 and scan < len(d):
        # Cut the scan and end it with an EOI: a truncated file that looks complete.
        cut = scan + r.randrange(len(d) - scan)
        del d[cut:]
        d += b"\xff\xd9"
        return "jpeg-cut-eoi"
    return r.choice(GENERIC)(d, r)


# ---------------------------------------------------------------------------- WebP

def webp_mutate(d, r):
    if len(d) < 20:
        return r.choice(GENERIC)(d, r)
    op = r.randrange(6)
    chunks, i = [], 12
    while i + 8 <= len(d):
        n = struct.unpack("<I", d[i + 4:i + 8])[0]
        chunks.append((i, bytes(d[i:i + 4]), n))
        i += 8 + n + (n & 1)
    if op == 0:
        struct.pack_into("<I", d, 4, r.choice(INTERESTING32 + [len(d) - 8 + r.choice([-4, -1, 1, 100])]) & 0xFFFFFFFF)
        return "webp-riff-size"
    if op == 1 and chunks:
        at, kind, n = r.choice(chunks)
        struct.pack_into("<I", d, at + 4, r.choice(INTERESTING32 + [n + r.choice([-3, -1, 1, 2, 1000])]) & 0xFFFFFFFF)
        return "webp-chunk-size"
    if op == 2 and chunks:
        at, kind, n = chunks[0]
        if kind == b"VP8L" and at + 13 <= len(d):
            bits = struct.unpack("<I", d[at + 9:at + 13])[0]
            part = r.randrange(4)
            if part == 0:
                bits = (bits & ~0x3FFF) | r.choice([0, 1, 0x3FFF, r.randrange(0x4000)])
            elif part == 1:
                bits = (bits & ~(0x3FFF << 14)) | (r.choice([0, 1, 0x3FFF, r.randrange(0x4000)]) << 14)
            else:
                bits ^= 1 << (28 + r.randrange(4))
            struct.pack_into("<I", d, at + 9, bits & 0xFFFFFFFF)
            return "webp-vp8l-header"
        if kind == b"VP8 " and at + 18 <= len(d):
            struct.pack_into("<H", d, at + 14 + 2 * r.randrange(2), r.choice(INTERESTING16) & 0xFFFF)
            return "webp-vp8-size"
        if kind == b"VP8X" and at + 18 <= len(d):
            if r.random() < 0.5:
                d[at + 8] = r.randrange(256)  # flags
            else:
                j = at + 12 + 3 * r.randrange(2)
                d[j:j + 3] = r.choice([0, 1, 0x3FFF, 0xFFFFFF, r.randrange(1 << 24)]).to_bytes(3, "little")
            return "webp-vp8x"
    if op == 3 and chunks:
        at, kind, n = r.choice(chunks)
        end = min(len(d), at + 8 + n)
        if end > at + 8:
            for _ in range(1 + r.randrange(6)):
                i = at + 8 + r.randrange(end - at - 8)
                d[i] = r.randrange(256) if r.random() < 0.5 else d[i] ^ (1 << r.randrange(8))
        return "webp-payload"
    if op == 4 and chunks:
        kind = r.choice([b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF", b"EXIF", b"VP8L", b"VP8 "])
        body = bytes(r.randrange(256) for _ in range(r.choice([0, 1, 10, 30])))
        chunk = kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")
        j = r.choice([12] + [c[0] for c in chunks])
        d[j:j] = chunk
        struct.pack_into("<I", d, 4, len(d) - 8)
        return "webp-insert"
    return r.choice(GENERIC)(d, r)


# ---------------------------------------------------------------------------- TIFF

TIFF_TAGS = [256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 320, 322, 323, 324, 325, 338, 339, 530, 330]


def tiff_mutate(d, r):
    if len(d) < 16:
        return r.choice(GENERIC)(d, r)
    e = "<" if d[:2] == b"II" else ">"
    if d[2:4] in (b"+\x00", b"\x00+"):
        return r.choice(GENERIC)(d, r)
    ifd = struct.unpack(e + "I", d[4:8])[0]
    if ifd + 2 > len(d):
        return r.choice(GENERIC)(d, r)
    count = struct.unpack(e + "H", d[ifd:ifd + 2])[0]
    entries = [ifd + 2 + 12 * k for k in range(count) if ifd + 2 + 12 * (k + 1) <= len(d)]
    op = r.randrange(7)
    if op <= 2 and entries:
        at = r.choice(entries)
        tag, typ, n = struct.unpack(e + "HHI", d[at:at + 8])
        if op == 0:  # the value
            if typ == 3:
                struct.pack_into(e + "H", d, at + 8, r.choice(INTERESTING16 + [r.randrange(10)]))
            else:
                struct.pack_into(e + "I", d, at + 8, r.choice(INTERESTING32 + [len(d) + r.randrange(-8, 64)]) & 0xFFFFFFFF)
        elif op == 1:  # the count
            struct.pack_into(e + "I", d, at + 4, r.choice([0, 1, 2, 3, 4, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, n + 1]))
        else:  # the type or the tag
            if r.random() < 0.5:
                struct.pack_into(e + "H", d, at + 2, r.choice([0, 1, 2, 3, 4, 5, 7, 11, 12, 13, 16, 17, 18, 255]))
            else:
                struct.pack_into(e + "H", d, at, r.choice(TIFF_TAGS))
        return f"tiff-entry-{tag}"
    if op == 3:
        # Key fields by tag, to an edge value.
        by_tag = {struct.unpack(e + "H", d[a:a + 2])[0]: a for a in entries}
        tag = r.choice([256, 257, 258, 259, 262, 277, 278, 279, 284, 317, 322, 323])
        if tag in by_tag:
            at = by_tag[tag]
            typ = struct.unpack(e + "H", d[at + 2:at + 4])[0]
            choices = {259: [1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946, 34712, 50000, 0, 0xFFFF],
                       262: [0, 1, 2, 3, 4, 5, 6, 8, 32844, 32845, 0xFFFF],
                       258: [0, 1, 2, 4, 8, 12, 16, 24, 32, 64, 0xFFFF], 277: [0, 1, 2, 3, 4, 5, 255, 0xFFFF],
                       284: [0, 1, 2, 3], 317: [1, 2, 3, 0xFFFF]}.get(tag, INTERESTING16 if typ == 3 else INTERESTING32)
            v = r.choice(choices)
            if typ == 3:
                struct.pack_into(e + "H", d, at + 8, v & 0xFFFF)
            else:
                struct.pack_into(e + "I", d, at + 8, v & 0xFFFFFFFF)
            return f"tiff-{tag}"
    if op == 4 and entries:
        # The next-IFD pointer: a loop, a wild offset or a second IFD at the same place.
        at = entries[-1] + 12
        if at + 4 <= len(d):
            struct.pack_into(e + "I", d, at, r.choice([ifd, 8, len(d) - 2, 0xFFFFFFFF, r.randrange(len(d))]))
        return "tiff-next-ifd"
    if op == 5:
        # Strip or tile data: the bytes before the IFD in files written here and by tiffcp.
        lo, hi = 8, max(9, min(ifd, len(d)))
        for _ in range(1 + r.randrange(8)):
            i = r.randrange(lo, hi) if hi > lo else r.randrange(len(d))
            if i < len(d):
                d[i] = r.randrange(256) if r.random() < 0.5 else d[i] ^ (1 << r.randrange(8))
        return "tiff-data"
    if op == 6:
        struct.pack_into(e + "H", d, ifd, r.choice([0, 1, count + 1, 0xFFFF, 0x8000]) & 0xFFFF)
        return "tiff-entry-count"
    return r.choice(GENERIC)(d, r)


AWARE = {"png": png_mutate, "jpeg": jpeg_mutate, "webp": webp_mutate, "tiff": tiff_mutate}


def mutate(seeds, seed, index):
    """Mutant `index` of run `seed`: (bytes, format, name of its seed, list of operations).

    `seeds` is a list of (name, format, bytes), in a fixed order."""
    r = random.Random(f"{seed}:{index}")
    formats = sorted({s[1] for s in seeds})
    fmt = formats[index % len(formats)]  # the formats in turn, whatever their number of seeds
    name, fmt, data = r.choice([s for s in seeds if s[1] == fmt])
    d = bytearray(data)
    ops = []
    for _ in range(1 + min(r.randrange(6), r.randrange(6))):
        if r.random() < 0.08:
            same = [s for s in seeds if s[1] == fmt]
            other = r.choice(same)[2]
            i, j = r.randrange(len(d) + 1), r.randrange(len(other) + 1)
            d = d[:i] + bytearray(other[j:])
            ops.append("splice")
        elif r.random() < 0.65:
            try:
                ops.append(AWARE[fmt](d, r))
            except (struct.error, IndexError, ValueError):  # a field past the end of a mangled file
                ops.append(r.choice(GENERIC)(d, r))
        else:
            ops.append(r.choice(GENERIC)(d, r))
        if not d:
            d = bytearray(data[:1])
    if fmt == "png" and r.random() < 0.5 and d[:8] == b"\x89PNG\r\n\x1a\n":
        # Half the PNG mutants get correct CRCs, so that zlib and the filters see them.
        chunks, tail = png_chunks(d)
        if chunks:
            d = png_join(chunks, tail)
            ops.append("crc")
    return bytes(d), fmt, name, ops


def load_seeds(root):
    """The seed files under ROOT/seeds (from make_seeds.py), sorted: [(name, format, bytes)]."""
    import os
    out = []
    base = os.path.join(root, "seeds")
    for fmt in sorted(os.listdir(base)):
        for name in sorted(os.listdir(os.path.join(base, fmt))):
            with open(os.path.join(base, fmt, name), "rb") as f:
                out.append((f"{fmt}/{name}", fmt, f.read()))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: mutate.py SEED_DIR SEED INDEX OUT   (makes mutant INDEX of run SEED again)")
    seeds = load_seeds(sys.argv[1])
    data, fmt, name, ops = mutate(seeds, int(sys.argv[2]), int(sys.argv[3]))
    with open(sys.argv[4], "wb") as f:
        f.write(data)
    print(f"{sys.argv[4]}: {len(data)} bytes, {fmt} from {name}: {' '.join(ops)}")
