#!/usr/bin/env python3
"""Generates the compact data files the `jpii` crate embeds (see README.md beside this script).

Run from anywhere:  python3 core/data/generate.py [SHARED_DATA_DIR]
(default: ../shared/data relative to the repository root). Output is deterministic: the same
input CSVs give byte-identical files, so `git diff` shows real data changes only.

Formats (all UTF-8 text is LF-separated, fields tab-separated):
  phone_area.tsv       national prefix (with trunk 0) <TAB> area-code length (digits incl. the 0)
  municipalities.tsv   pref <TAB> municipality <TAB> kind <TAB> short name <TAB> parent city <TAB> city code (5)
                       row order = municipality index used by postal_codes.bin
  postal_codes.bin     sorted (code, municipality index) pairs; per pair one LEB128 varint
                       ((code - previous code) << 1 | changed), followed, when `changed`, by a varint
                       municipality index. Consecutive codes nearly always share a municipality.
  surnames.tsv         surname <TAB> reading (katakana) <TAB> rank (0 = no rank); no bearer counts
                       (the counts come from a third-party ranking whose licence is unclear)
  given_names.txt      distinct kanji/kana spellings of given names, sorted, front-coded: each line
                       is one digit (characters shared with the previous name, 0-9) and the rest
  given_readings.txt   distinct katakana readings of given names, sorted, front-coded the same way
                       (front coding halves the gzipped size the WASM package carries)
  banks.tsv            zengin bank code <TAB> name
  branches.bin         sorted bank*1000+branch keys as delta varints
"""

import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def rows(src, name):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def varint(n, out):
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def write_text(name, lines):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


def write_bytes(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(bytes(data))


def front_coded(sorted_names):
    out, prev = [], ""
    for n in sorted_names:
        k = 0
        while k < min(len(prev), len(n), 9) and prev[k] == n[k]:
            k += 1
        out.append(f"{k}{n[k:]}")
        prev = n
    return out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")

    # Phone: the area-code length libphonenumber formats each national prefix with.
    area = {}
    for r in rows(src, "jp-phone-area-prefixes.csv"):
        area[r["national_prefix"]] = len(r["area_code_when_formatted"])
    write_text("phone_area.tsv", [f"{p}\t{n}" for p, n in sorted(area.items())])

    # Municipalities, including the 47 prefecture rows (index used when a code has no municipality).
    munis = rows(src, "jp-municipalities.csv")
    index = {}
    lines = []
    for i, r in enumerate(munis):
        code5 = r["lg_code"][:5]
        index[code5] = i
        lines.append("\t".join([r["pref"], r["municipality"], r["kind"], r["name_without_gun_or_city"],
                                r["parent_city"], code5]))
    write_text("municipalities.tsv", lines)

    # Postal codes (addresses and large-business offices) with their municipality.
    pairs = set()
    for name in ("jp-postal-codes.csv", "jp-postal-codes-offices.csv"):
        for r in rows(src, name):
            pairs.add((int(r["code"]), index[r["city_code"]]))
    out = bytearray()
    prev_code, prev_muni = 0, -1
    for code, muni in sorted(pairs):
        changed = muni != prev_muni
        varint(((code - prev_code) << 1) | int(changed), out)
        if changed:
            varint(muni, out)
        prev_code, prev_muni = code, muni
    write_bytes("postal_codes.bin", out)

    # Surnames: spelling, reading and rank only.
    sur = {}
    for r in rows(src, "jp-surnames.csv"):
        key = (r["surname"], r["reading_kata"])
        rank = int(r["rank"]) if r["rank"] else 0
        sur[key] = rank if key not in sur else min(sur[key] or rank, rank or sur[key])
    write_text("surnames.tsv", [f"{s}\t{k}\t{n}" for (s, k), n in sorted(sur.items())])

    given = rows(src, "jp-given-names.csv")
    write_text("given_names.txt", front_coded(sorted({r["name"] for r in given if r["name"]})))
    write_text("given_readings.txt", front_coded(sorted({r["reading_kata"] for r in given if r["reading_kata"]})))

    write_text("banks.tsv", [f"{r['bank_code']}\t{r['name']}" for r in
                             sorted(rows(src, "jp-banks.csv"), key=lambda r: r["bank_code"])])
    keys = sorted({int(r["bank_code"]) * 1000 + int(r["branch_code"]) for r in rows(src, "jp-bank-branches.csv")})
    out = bytearray()
    prev = 0
    for k in keys:
        varint(k - prev, out)
        prev = k
    write_bytes("branches.bin", out)

    for name in sorted(os.listdir(HERE)):
        if not name.endswith((".py", ".md")):
            print(f"{name:20} {os.path.getsize(os.path.join(HERE, name)):>9} bytes")


if __name__ == "__main__":
    main()
