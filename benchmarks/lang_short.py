"""Language detection on short chat turns: lingua alone against stacey's vote + lingua cascade.

Sets: ``benchmarks/data/lang_short.tsv`` (80 short turns, da/no/sv/de/en,
written for this benchmark) and, when the shared data is present, Danish
Reddit comments (DAST; nearly all Danish, so the figure is the share
detected as ``da``) and English review snippets (VADER product set), each cut
to their first 3, 6 and 12 words (and DAST whole, >= 12 words). Prints a markdown table and writes
``benchmarks/results/lang_short.md``.

Run: ``PYTHONPATH=. python benchmarks/lang_short.py``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, md_table, shared_dir  # noqa: E402

from stacey.text.lang import LANGUAGES, detect, lingua_detector  # noqa: E402

LANGS5 = ("da", "en", "sv", "no", "de")


def lingua_low(texts, languages):
    from lingua import Language, LanguageDetectorBuilder

    from stacey.text.lang import _LINGUA_NAMES
    det = LanguageDetectorBuilder.from_languages(*[getattr(Language, _LINGUA_NAMES[c]) for c in languages]) \
        .with_low_accuracy_mode().build()
    rev = {v: k for k, v in _LINGUA_NAMES.items()}
    return [rev[r.name] if (r := det.detect_language_of(t)) else "und" for t in texts]


def lingua_high(texts, languages):
    from stacey.text.lang import _LINGUA_NAMES
    det = lingua_detector(tuple(languages))
    rev = {v: k for k, v in _LINGUA_NAMES.items()}
    return [rev[r.name] if (r := det.detect_language_of(t)) else "und" for t in texts]


def sets() -> dict[str, tuple[list[str], list[str]]]:
    own = pd.read_csv(ROOT / "benchmarks/data/lang_short.tsv", sep="\t")
    out = {"own short (da/no/sv/de/en)": (own["text"].tolist(), own["lang"].tolist())}
    shared = shared_dir()
    if shared:
        texts = []
        seen = set()
        for f in sorted((shared / "realdata/dast-danish-reddit").rglob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            for br in d.get("branches", []):
                for c in br:
                    c = c["comment"]
                    if c["comment_id"] not in seen and len(c["text"].split()) >= 12:
                        seen.add(c["comment_id"])
                        texts.append(c["text"])
        texts = texts[:400]
        en = [ln.split("\t")[2] for ln in (shared / "benchdata/sentiment/en_vader_snippets/amazonReviewSnippets_GroundTruth.txt")
              .read_text(encoding="utf-8", errors="replace").splitlines() if ln.count("\t") >= 2]
        en = [t for t in en if len(t.split()) >= 12][:400]
        out["DAST Reddit da, whole comments"] = (texts, ["da"] * len(texts))
        for k in (3, 6, 12):
            out[f"DAST Reddit da, first {k} words"] = ([" ".join(t.split()[:k]) for t in texts], ["da"] * len(texts))
            out[f"VADER product en, first {k} words"] = ([" ".join(t.split()[:k]) for t in en], ["en"] * len(en))
    return out


def main() -> None:
    methods = {
        "lingua high-accuracy": lambda t, L: lingua_high(t, L),
        "lingua low-accuracy": lambda t, L: lingua_low(t, L),
        "stacey (vote + lingua)": lambda t, L: detect(t, languages=L),
    }
    rows = []
    for langs_name, langs in (("5 languages", LANGS5), ("7 languages", LANGUAGES)):
        for set_name, (texts, gold) in sets().items():
            nw = sum(len(t.split()) for t in texts)
            for mname, fn in methods.items():
                fn(texts[:5], langs)  # warm up: models load lazily
                t0 = time.perf_counter()
                pred = fn(texts, langs)
                dt = time.perf_counter() - t0
                acc = sum(p == g for p, g in zip(pred, gold, strict=False)) / len(gold)
                und = sum(p == "und" for p in pred) / len(gold)
                rows.append({"candidates": langs_name, "set": set_name, "n": len(texts), "method": mname,
                             "accuracy": round(acc, 3), "und share": round(und, 3),
                             "words/s": int(nw / dt)})
    table = md_table(pd.DataFrame(rows))
    text = ("# Language detection on short turns\n\n`PYTHONPATH=. python benchmarks/lang_short.py` "
            "(one core; accuracy counts `und` as wrong).\n\n" + table + "\n")
    print(text)
    (ROOT / "benchmarks/results/lang_short.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
