#!/usr/bin/env python3
"""How `SKIP_BUCKETS` in core/src/candidates.rs was found.

The stepping pass's SIMD skip (core/src/candidates/fingerprint.rs) puts fingerprints in Teddy's
buckets; a bucket accepts any mix of its members' nibbles, so the grouping decides how often a
position where nothing starts is flagged anyway. This script starts with one bucket per
fingerprint and merges, step by step, the two buckets whose union flags the fewest extra
positions on training text, until 7 are left (bucket 0, ASCII digits and `@`, is fixed); the
one-character words of a bucket share a lead byte.

Training text: documents of the corpus generator (not the benchmark texts, which the result is
then measured on). Usage, from the repository root (needs numpy):

    cargo run --release -p jpii-corpus -- generate --seed 7 --docs 800 --out /tmp/corpus800
    python3 scripts/skip-buckets.py /tmp/corpus800 [more files to report on ...]

It prints the buckets, then for each extra file how many positions the tables flag that are not
digits. The words are read from `WORDS` in core/src/candidates.rs.
"""
import itertools
import os
import re
import sys

import numpy as np

ENCODINGS = {"eucjp": "euc_jp", "jis": "iso2022_jp", "sjis": "cp932", "u16be": "utf-16-be", "u16le": "utf-16-le",
             "u16le-nobom": "utf-16-le", "u8": "utf-8", "u8bom": "utf-8-sig"}
WIDTH = 6
TRAIN_CHARS = 300_000


def words():
    src = open(os.path.join(os.path.dirname(__file__), "..", "core", "src", "candidates.rs"), encoding="utf-8").read()
    block = src[src.index("const WORDS"):src.index("];", src.index("const WORDS"))]
    return [w.encode().decode("unicode_escape").encode("latin-1").decode("utf-8") for w in re.findall(r'"((?:[^"\\]|\\.)*)"', block)]


def exact(s):
    return [{b} for b in s.encode()]


def fingerprints():
    """(name, fingerprint) for everything but bucket 0, as `skip_tables` builds them."""
    ws = words()
    single = [w for w in ws if len(w) == 1]
    out = [("FULL_WIDTH_DIGITS", [{0xEF}, {0xBC}, set(range(0x90, 0x9A)) | {0xA0}]),
           ("HALF_KANA", [{0xEF}, {0xBD}, set(range(0xA6, 0xC0))]),
           ("HALF_KANA", [{0xEF}, {0xBE}, set(range(0x80, 0xA0))])]
    keys = sorted({w[:2] for w in ws if len(w) == 1 or not any(w.startswith(s) for s in single)})
    return out + [(k, exact(k)) for k in keys]


def tables(members):
    lo = np.zeros((WIDTH, 16), np.uint8)
    hi = np.zeros((WIDTH, 16), np.uint8)
    for b, fps in enumerate(members):
        for fp in fps:
            for k in range(WIDTH):
                for c in (fp[k] if k < len(fp) else range(256)):
                    lo[k][c & 15] |= 1 << b
                    hi[k][c >> 4] |= 1 << b
    return lo, hi


def flagged(buckets, hay):
    lo, hi = tables(buckets)
    n = len(hay) - WIDTH
    acc = np.full(n, 255, np.uint8)
    for k in range(WIDTH):
        v = hay[k:k + n]
        acc &= lo[k][v & 15] & hi[k][v >> 4]
    return np.nonzero(acc)[0]


def corpus_text(directory):
    parts = []
    for name in sorted(os.listdir(directory)):
        m = re.match(r"\d+_.*_([a-z0-9-]+)\.\w+$", name)
        if m and m.group(1) in ENCODINGS:
            parts.append(open(os.path.join(directory, name), "rb").read().decode(ENCODINGS[m.group(1)]).lstrip("\ufeff"))
    return "\n".join(parts)


def main():
    train = np.frombuffer(corpus_text(sys.argv[1])[:TRAIN_CHARS].encode(), np.uint8)
    fps = fingerprints()
    cache = {}

    def cost(bucket):
        key = tuple(sorted(bucket))
        if key not in cache:
            cache[key] = len(flagged([[fps[i][1] for i in key]], train))
        return cache[key]

    # A one-character word's fingerprint accepts anything after its three bytes: those are all the
    # filtering its bucket has, so its one-character words share a lead byte (mixing `君` (E5) with
    # `様` (E6) lets every E5/E6 kanji with a matching tail through: `合`, `実`, `添`).
    def compatible(a, b):
        return len({min(fps[i][1][0]) for i in a + b if len(fps[i][0]) == 1}) <= 1

    buckets = [[i] for i in range(len(fps))]
    while len(buckets) > 7:
        _, i, j = min((cost(a + b) - cost(a) - cost(b), i, j)
                      for (i, a), (j, b) in itertools.combinations(enumerate(buckets), 2) if compatible(a, b))
        buckets[i] += buckets.pop(j)
    names = [sorted({fps[i][0] for i in b}, key=lambda n: [fps[i][0] for i in b].index(n)) for b in buckets]
    for n in names:
        print(n)
    digits = [[set(range(0x30, 0x3A)) | {0x40}]]
    members = [digits] + [[fps[i][1] for i in b] for b in buckets]
    for path in sys.argv[2:]:
        raw = open(path, encoding="utf-8").read()[:3_000_000].encode()
        hay = np.frombuffer(raw, np.uint8)
        hits = flagged(members, hay)
        other = sum(1 for i in hits if not (0x30 <= raw[i] <= 0x39 or raw[i] == 0x40))
        print(f"{path}: {len(raw)} bytes, {len(hits)} flagged, {other} not digits or @")


if __name__ == "__main__":
    main()
