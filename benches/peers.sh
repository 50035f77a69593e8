#!/usr/bin/env bash
# Peers on jpii's corpus: Presidio + GiNZA, phonenumbers, and ripgrep with a typical regex set,
# scored by the same evaluator as jpii and timed on the same 1 MB sample.
# Creates benches/.venv (gitignored) and installs presidio-analyzer, ginza, ja-ginza, phonenumbers
# by name; nothing else is downloaded. Writes benches/results/<date>-peers.md.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-corpus/sample}
out=target/peers
mkdir -p "$out"
[ -d "$corpus" ] || cargo run -q --release -p jpii-corpus -- generate --seed 1 --out "$corpus" --docs 300  # a bigger corpus when given a new directory
[ -x benches/.venv/bin/python ] || python3 -m venv benches/.venv
benches/.venv/bin/pip install -q presidio-analyzer ginza ja-ginza phonenumbers
sample=target/bench-data/wasm-sample.txt
[ -f "$sample" ] || cargo run -q --release -p jpii-benches -- data
head -c 1000000 "$sample" | iconv -c -f UTF-8 -t UTF-8 > "$out/sample-1mb.txt"
peers=$(benches/.venv/bin/python benches/peers/peers.py "$corpus" "$out" "$out/sample-1mb.txt")
echo "$peers" > "$out/peers.json"
# ripgrep: the regex set of benches/src/data.rs, offsets from --json (raw bytes, so original offsets
# for ASCII-compatible encodings).
python3 - "$corpus" "$out" <<'PY'
import json, subprocess, sys, os
corpus, out = sys.argv[1:3]
pats = {"phone_number": [r"0\d{1,4}-\d{1,4}-\d{4}", r"0[789]0-?\d{4}-?\d{4}"], "my_number": [r"\b\d{4}[ -]?\d{4}[ -]?\d{4}\b"],
        "postal_code": [r"〒?\d{3}-\d{4}"], "email_address": [r"[\w.+-]+@[\w-]+\.[\w.-]+"], "credit_card": [r"\b(?:\d{4}[ -]?){3}\d{4}\b"],
        "birth_date": [r"(?:19|20)\d{2}[/-]\d{1,2}[/-]\d{1,2}"], "address": [r"(?:東京都|北海道|(?:京都|大阪)府|\p{Han}{2,3}県)\p{Han}{1,6}[市区町村]"]}
rows = []
for kind, ps in pats.items():
    for p in ps:
        r = subprocess.run(["rg", "--json", "--no-config", "-j1", "-e", p, corpus], capture_output=True)
        for line in r.stdout.splitlines():
            m = json.loads(line)
            if m["type"] != "match":
                continue
            d = m["data"]
            path = os.path.relpath(d["path"]["text"], corpus)
            for sm in d["submatches"]:
                rows.append({"path": path, "kind": kind, "start": d["absolute_offset"] + sm["start"], "end": d["absolute_offset"] + sm["end"]})
with open(os.path.join(out, "ripgrep.jsonl"), "w") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
cargo run -q --release -p jpii-corpus -- predict "$corpus" > "$out/jpii.jsonl"
report="benches/results/$(date +%Y-%m-%d)-peers.md"
{
  echo "# Peers on the jpii corpus ($(date +%Y-%m-%d), commit $(git rev-parse --short HEAD))"
  echo
  echo "Corpus: \`$corpus\` (jpii-corpus). Same evaluator for every tool; each tool only on the kinds it supports."
  echo
  echo "Speed on a 1 MB sample (MB/s, one process): $peers"
  for tool in jpii ripgrep phonenumbers presidio; do
    [ -s "$out/$tool.jsonl" ] || { echo; echo "## $tool: no output"; continue; }
    case $tool in
      phonenumbers) kinds=phone_number ;;
      presidio) kinds=phone_number,email_address,credit_card,person_name,address,birth_date ;;
      ripgrep) kinds=phone_number,my_number,postal_code,email_address,credit_card,birth_date,address ;;
      *) kinds="" ;;
    esac
    echo; echo "## $tool"; echo; echo '```'
    if [ -n "$kinds" ]; then
      cargo run -q --release -p jpii-corpus -- eval "$corpus" --predictions "$out/$tool.jsonl" --kinds "$kinds" | sed -n '1,25p'
      echo; echo "jpii on the same kinds:"
      cargo run -q --release -p jpii-corpus -- eval "$corpus" --predictions "$out/jpii.jsonl" --kinds "$kinds" | sed -n '1,25p'
    else
      cargo run -q --release -p jpii-corpus -- eval "$corpus" --predictions "$out/jpii.jsonl" | sed -n '1,25p'
    fi
    echo '```'
  done
} > "$report"
echo "written to $report"
