#!/usr/bin/env python3
"""Extract the compact reference subset the corpus generator embeds, from ../shared/data.

Run from the repository root (or anywhere):  python3 corpus/data/extract.py [SHARED_DATA_DIR]
Default SHARED_DATA_DIR: ../shared/data relative to the repository root.
Output (UTF-8, tab-separated, header row, LF): surnames.tsv, given_names.tsv, addresses.tsv,
banks.tsv, area_codes.tsv in this directory. The selection is deterministic (sorted, hashed keys),
so re-running on the same input reproduces the same files byte for byte.
"""
import csv
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data")


def rows(name):
    with open(os.path.join(SRC, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def key(*parts):
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def write(name, header, data):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in data:
            assert all("\t" not in c and "\n" not in c for c in r), r
            f.write("\t".join(r) + "\n")


# Surnames: the 300 most common with a count (the rank is used only to select; the
# estimated_count column is NOT shipped), sorted by reading so the file carries no ranking.
sur = [r for r in rows("jp-surnames.csv") if r["rank"] and r["reading_kata"]]
sur.sort(key=lambda r: int(r["rank"]))
sur = sorted(sur[:300], key=lambda r: (r["reading_kata"], r["surname"]))
write("surnames.tsv", ["surname", "reading_kata"], [[r["surname"], r["reading_kata"]] for r in sur])

# Given names: 150 female + 150 male spellings listed by gimei (common spellings) with a popular
# reading, chosen by hash.
giv = [r for r in rows("jp-given-names.csv") if r["popular_reading"] == "1" and "gimei" in r["sources"]
       and r["gender"] in ("male", "female")
       and 1 <= len(r["name"]) <= 3 and r["reading_kata"]]
out = []
for g in ("female", "male"):
    seen = set()
    pool = sorted((r for r in giv if r["gender"] == g), key=lambda r: key(r["name"], r["reading_kata"]))
    for r in pool:
        if r["name"] in seen:
            continue
        seen.add(r["name"])
        out.append(r)
        if len(seen) == 150:
            break
out.sort(key=lambda r: (r["gender"], r["reading_kata"], r["name"]))
write("given_names.tsv", ["name", "reading_kata", "gender"], [[r["name"], r["reading_kata"], r["gender"][0]] for r in out])

# Addresses: 200 (postal code, prefecture, municipality, town) rows of KEN_ALL whose code maps to
# one row only, with a plain town name (no note, no parentheses), spread by hash.
post = rows("jp-postal-codes.csv")
count = {}
for r in post:
    count[r["code"]] = count.get(r["code"], 0) + 1
ok = [r for r in post if count[r["code"]] == 1 and r["town"] and not r["note"] and "（" not in r["town"]
      and "、" not in r["town"] and not r["town"].endswith("丁目") and len(r["town"]) <= 8]
ok.sort(key=lambda r: key(r["code"]))
sel = sorted(ok[:200], key=lambda r: r["code"])
write("addresses.tsv", ["code", "pref", "city", "town", "has_chome"],
      [[r["code"], r["pref"], r["city"], r["town"], r["has_chome"]] for r in sel])

# Banks: a few well-known banks, six branches each (chosen by hash).
BANKS = ["0001", "0005", "0009", "0010", "0017", "0036", "0138", "0149", "0310", "2004"]
banks = {r["bank_code"]: r for r in rows("jp-banks.csv")}
branches = {}
for r in rows("jp-bank-branches.csv"):
    branches.setdefault(r["bank_code"], []).append(r)
out = []
for b in BANKS:
    if b not in banks:
        continue
    br = sorted(branches.get(b, []), key=lambda r: key(b, r["branch_code"]))[:6]
    for r in sorted(br, key=lambda r: r["branch_code"]):
        out.append([b, banks[b]["name"], banks[b]["kana"], r["branch_code"], r["name"], r["kana"]])
write("banks.tsv", ["bank_code", "bank_name", "bank_kana", "branch_code", "branch_name", "branch_kana"], out)

# Area codes: every 2-digit area code and 220 other geographic prefixes (by hash).
area = rows("jp-phone-area-prefixes.csv")
two = [r for r in area if len(r["area_code_when_formatted"]) == 2]
rest = sorted((r for r in area if len(r["area_code_when_formatted"]) > 2), key=lambda r: key(r["national_prefix"]))[:220]
sel = sorted(two + rest, key=lambda r: r["national_prefix"])
write("area_codes.tsv", ["national_prefix", "area_code", "place"],
      [[r["national_prefix"], r["area_code_when_formatted"], r["place_ja"]] for r in sel])
