"""Validity of the sentiment backends on human-rated data, side by side in one run.

Sets (``../shared/benchdata/sentiment``, or ``$STACEY_SHARED/benchdata/sentiment``):

- English snippets rated by >= 20 people, mean on -4..+4 (Hutto and Gilbert
  2014): movie reviews, product reviews, NYT editorials.
- Danish LCC sentences with valence -5..+5 by one annotator (Nielsen,
  lcc-sentiment); the 499 labelled rows of both files, less the one label
  that reads 9 (the README calls it almost surely 0; left out, not guessed).
- Conversational Danish written and labelled for stacey
  (``benchmarks/data/da_conversational.tsv``, see its README): neg/neu/pos as
  -1/0/+1. Reported separately: same author as the rules.

Measures: Pearson r between ``compound`` and the gold value, and 3-class
accuracy. Predicted class: ``compound > 0.05`` positive, ``< -0.05`` negative,
else neutral. Gold class, mapped the same way after scaling the gold to
[-1, 1] (mean / 4 for VADER sets, valence / 5 for LCC): neutral iff
``|gold| <= 0.05``, i.e. ``|mean| <= 0.2`` on VADER's scale and valence 0 on LCC's.

Run: ``PYTHONPATH=. python benchmarks/sentiment_validity.py``; writes
``benchmarks/results/sentiment_validity.md``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, md_table, shared_dir  # noqa: E402

from stacey.text.sentiment import score  # noqa: E402

BAND = 0.05


def load_sets() -> dict[str, tuple[str, list[str], np.ndarray]]:
    """name -> (language, texts, gold scaled to [-1, 1])."""
    out = {}
    shared = shared_dir()
    if shared:
        base = shared / "benchdata/sentiment"
        for name, fname in (("en movie reviews", "movieReviewSnippets_GroundTruth.txt"),
                            ("en product reviews", "amazonReviewSnippets_GroundTruth.txt"),
                            ("en NYT editorials", "nytEditorialSnippets_GroundTruth.txt")):
            texts, gold = [], []
            raw = (base / "en_vader_snippets" / fname).read_bytes().decode("utf-8", errors="replace")
            for line in raw.splitlines():
                parts = line.split("\t")
                if len(parts) >= 3:
                    texts.append(parts[2].strip())
                    gold.append(float(parts[1]) / 4.0)
            out[name] = ("en", texts, np.array(gold))
        frames = []
        for f in sorted((base / "da_lcc").glob("*.csv")):
            df = pd.read_csv(f)
            df.columns = [c.strip() for c in df.columns]
            frames.append(df[df["valence"].notna()])
        lcc = pd.concat(frames)
        lcc = lcc[lcc["valence"].astype(float).abs() <= 5]
        out["da LCC sentences"] = ("da", lcc["text"].astype(str).tolist(), lcc["valence"].astype(float).to_numpy() / 5)
    own = pd.read_csv(ROOT / "benchmarks/data/da_conversational.tsv", sep="\t")
    out["da conversational (own, 177)"] = ("da", own["text"].tolist(),
                                           own["label"].map({"neg": -1.0, "neu": 0.0, "pos": 1.0}).to_numpy())
    return out


def classes(x: np.ndarray) -> np.ndarray:
    return np.where(x > BAND, 1, np.where(x < -BAND, -1, 0))


def evaluate(backends=("stacey", "asent", "vader", "afinn")) -> pd.DataFrame:
    rows = []
    for set_name, (lang, texts, gold) in load_sets().items():
        langs = [lang] * len(texts)
        for b in backends:
            t0 = time.perf_counter()
            pred = score(texts, langs, backend=b)[:, 0]
            dt = time.perf_counter() - t0
            if np.isnan(pred).all():
                continue
            r = float(np.corrcoef(pred, gold)[0, 1])
            acc = float((classes(pred) == classes(gold)).mean())
            rows.append({"set": set_name, "n": len(texts), "backend": b, "pearson r": round(r, 3),
                         "3-class acc": round(acc, 3), "seconds": round(dt, 2)})
    return pd.DataFrame(rows)


def main() -> None:
    res = evaluate()
    text = ("# Sentiment validity\n\n`PYTHONPATH=. python benchmarks/sentiment_validity.py` "
            "(gold and bands as in the script's docstring).\n\n" + md_table(res) + "\n")
    print(text)
    (ROOT / "benchmarks/results/sentiment_validity.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
