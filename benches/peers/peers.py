#!/usr/bin/env python3
"""What a user would pick instead of jpii, on jpii's labeled corpus: Presidio with GiNZA (Japanese
spaCy model) and its pattern recognizers, Google's phonenumbers (PhoneNumberMatcher(text, "JP")).
Each tool's findings are written as jsonl in jpii's finding shape with BYTE offsets of the original
files, then scored by the corpus evaluator; each tool is also timed on a 1 MB sample against jpii.

Run through benches/peers.sh, which creates benches/.venv and installs the packages by name.
Usage: peers.py CORPUS_DIR OUT_DIR SAMPLE_1MB_FILE
"""

import json
import os
import sys
import time

ENCODINGS = {
    "utf-8": ("utf-8", 0), "utf-8-bom": ("utf-8", 3), "shift_jis": ("cp932", 0), "euc-jp": ("euc_jp", 0),
    "iso-2022-jp": ("iso2022_jp", 0), "utf-16le": ("utf-16-le", 2), "utf-16be": ("utf-16-be", 2),
    "utf-16le-nobom": ("utf-16-le", 0),
}


def documents(corpus):
    with open(os.path.join(corpus, "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            codec, bom = ENCODINGS[d["encoding"]]
            raw = open(os.path.join(corpus, d["path"]), "rb").read()
            text = raw[bom:].decode(codec, errors="replace")
            yield d["path"], raw, text, codec, bom


class ByteMapper:
    """Character offsets of the decoded text -> byte offsets of the original file."""

    def __init__(self, text, codec, bom):
        self.text, self.codec, self.bom = text, codec, bom

    def __call__(self, i):
        if self.codec == "iso2022_jp":
            # Stateful: encode the prefix (the encoder ends it in ASCII mode, so subtract the
            # trailing escape the prefix would not have in the file when it ends inside kanji).
            enc = self.text[:i].encode(self.codec, errors="replace")
            if enc.endswith(b"\x1b(B") and i > 0 and ord(self.text[i - 1]) > 0x7F:
                enc = enc[:-3]
            return len(enc)
        return self.bom + len(self.text[:i].encode(self.codec, errors="replace"))


def write_predictions(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def run_phonenumbers(corpus):
    import phonenumbers

    rows = []
    for name, raw, text, codec, bom in documents(corpus):
        m = ByteMapper(text, codec, bom)
        for match in phonenumbers.PhoneNumberMatcher(text, "JP"):
            rows.append({"path": name, "kind": "phone_number", "start": m(match.start), "end": m(match.end)})
    return rows


PRESIDIO_KINDS = {
    "PHONE_NUMBER": "phone_number", "EMAIL_ADDRESS": "email_address", "CREDIT_CARD": "credit_card",
    "PERSON": "person_name", "LOCATION": "address", "DATE_TIME": "birth_date",
}


def presidio_analyzer():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, EmailRecognizer, PhoneRecognizer

    # GiNZA labels entities with Sekine's extended hierarchy (Person, Province, City, Date…): map
    # them to Presidio's entities, as a user setting Presidio up for Japanese would.
    mapping = {"Person": "PERSON", "Province": "LOCATION", "City": "LOCATION", "County": "LOCATION",
               "Country": "LOCATION", "GPE_Other": "LOCATION", "Location_Other": "LOCATION", "Address_Other": "LOCATION",
               "Date": "DATE_TIME", "Phone_Number": "PHONE_NUMBER", "Email": "EMAIL_ADDRESS"}
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "ja", "model_name": "ja_ginza"}],
        "ner_model_configuration": {"model_to_presidio_entity_mapping": mapping},
    })
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["ja"])
    for rec in (EmailRecognizer(supported_language="ja"), CreditCardRecognizer(supported_language="ja"),
                PhoneRecognizer(supported_language="ja", supported_regions=("JP",))):
        engine.registry.add_recognizer(rec)
    return engine


def run_presidio(corpus, engine):
    rows = []
    for name, raw, text, codec, bom in documents(corpus):
        m = ByteMapper(text, codec, bom)
        for r in engine.analyze(text=text, language="ja"):
            kind = PRESIDIO_KINDS.get(r.entity_type)
            if kind:
                rows.append({"path": name, "kind": kind, "start": m(r.start), "end": m(r.end), "score": r.score})
    return rows


def timed(f, text, reps=3):
    f(text)
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f(text)
        ts.append(time.perf_counter() - t)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    corpus, out, sample = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    report = {}
    text = open(sample, encoding="utf-8").read()
    nbytes = len(text.encode("utf-8"))
    try:
        import phonenumbers

        write_predictions(os.path.join(out, "phonenumbers.jsonl"), run_phonenumbers(corpus))
        t = timed(lambda s: list(phonenumbers.PhoneNumberMatcher(s, "JP")), text)
        report["phonenumbers"] = {"mb_s": nbytes / t / 1e6, "kinds": ["phone_number"]}
    except Exception as e:  # record exactly what failed
        report["phonenumbers"] = {"error": repr(e)}
    try:
        engine = presidio_analyzer()
        write_predictions(os.path.join(out, "presidio.jsonl"), run_presidio(corpus, engine))
        # spaCy's Japanese tokenizer (SudachiPy) limits one call to 49,149 bytes: analyze in slices.
        def analyze(s):
            for i in range(0, len(s), 10000):
                engine.analyze(text=s[i:i + 10000], language="ja")
        # Presidio + GiNZA runs at kilobytes per second: time the first 100 KB of the sample.
        part = text[:34000]
        t = timed(analyze, part, reps=1)
        report["presidio_ginza"] = {"mb_s": len(part.encode("utf-8")) / t / 1e6, "timed_bytes": len(part.encode("utf-8")), "kinds": sorted(set(PRESIDIO_KINDS.values()))}
    except Exception as e:
        report["presidio_ginza"] = {"error": repr(e)}
    json.dump(report, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
