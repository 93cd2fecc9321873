"""Throughput of the full annotation against a plain asent pipeline and a bare spaCy tokenizer.

Corpus: Danish LCC sentences and English movie-review snippets, interleaved
(``../shared/benchdata/sentiment``; without it, the hand-written Danish set
repeated). One process; words per second per core from the process's CPU time
(``time.process_time``; the machine is shared); cache off; medians of
``--runs`` round-robin runs after a warm-up run that loads models and tables. Words are
whitespace-separated tokens, the same count for every method.

- ``stacey annotate (fast engine)``: :func:`stacey.annotate` as shipped:
  language detection, tokens, sentences, lemmas, sentiment.
- ``... lang='da' default``: the same with the corpus default a user of a
  Danish corpus would set (``--lang da``): Nordic text that no word marks as
  Norwegian or Swedish is taken as Danish without asking lingua.
- ``stacey annotate (spacy engine)``: the same through ``nlp.pipe`` over
  ``spacy.blank`` + sentencizer + lookup lemmatizer.
- ``asent``: ``spacy.blank(lang)`` + sentencizer + ``asent_<lang>_v1``, each
  text sent to the pipeline of its known language (no detection cost).
- ``spacy.blank tokenizer``: ``nlp.pipe`` of a bare ``spacy.blank(lang)``.

Also checks that both engines give the same ``lemmas`` per turn.

Run: ``PYTHONPATH=. python benchmarks/annotate_speed.py [--n 3000] [--runs 3]``;
writes ``benchmarks/results/annotate_speed.md``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, md_table, shared_dir  # noqa: E402


def corpus(n: int) -> tuple[list[str], list[str]]:
    shared = shared_dir()
    if shared:
        base = shared / "benchdata/sentiment"
        da = []
        for f in sorted((base / "da_lcc").glob("*.csv")):
            df = pd.read_csv(f)
            da += df[df.columns[-1]].astype(str).tolist()
        en = [ln.split("\t")[2] for ln in (base / "en_vader_snippets/movieReviewSnippets_GroundTruth.txt")
              .read_bytes().decode("utf-8", "replace").splitlines() if ln.count("\t") >= 2]
    else:
        da = pd.read_csv(ROOT / "benchmarks/data/da_conversational.tsv", sep="\t")["text"].tolist() * 40
        en = ["This was not good at all, but the ending was lovely!", "Thanks, that helped a lot :)"] * 2000
    da, en = da[:n], en[:n]
    texts, langs = [], []
    for a, b in zip(da, en, strict=False):
        texts += [a, b]
        langs += ["da", "en"]
    return texts, langs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000, help="texts per language")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    import spacy

    from stacey.text.annotate import annotate
    from stacey.text.sentiment.comparators import asent_pipeline

    texts, langs = corpus(args.n)
    words = sum(len(t.split()) for t in texts)
    frame = pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts})
    by_lang = {lg: [t for t, x in zip(texts, langs, strict=False) if x == lg] for lg in ("da", "en")}
    blanks = {lg: spacy.blank(lg) for lg in by_lang}

    def run_fast():
        return annotate(frame, cache=False, progress=False)

    def run_fast_default():
        return annotate(frame, cache=False, progress=False, lang="da")

    def run_spacy():
        return annotate(frame, cache=False, progress=False, nlp_engine="spacy")

    def run_asent():
        for lg, tx in by_lang.items():
            for doc in asent_pipeline(lg).pipe(tx):
                doc._.polarity  # noqa: B018 - compute the score

    def run_blank():
        for lg, tx in by_lang.items():
            for _doc in blanks[lg].pipe(tx):
                pass

    methods = {"stacey annotate (fast engine)": run_fast,
               "stacey annotate (fast engine, lang='da' default)": run_fast_default,
               "stacey annotate (spacy engine)": run_spacy,
               "asent (spacy.blank + asent)": run_asent, "spacy.blank tokenizer": run_blank}
    results = {name: fn() for name, fn in methods.items()}  # warm-up: loads tables and models
    cpu: dict[str, list[float]] = {name: [] for name in methods}
    wall: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(args.runs):  # round robin, so a burst of load on the shared machine hits every method
        for name, fn in methods.items():
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
    rows = []
    for name in methods:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        rows.append({"method": name, "median CPU s": round(c, 3), "words/s per core": int(words / c),
                     "median wall s": round(w, 3)})
    asent_wps = next(r["words/s per core"] for r in rows if r["method"].startswith("asent"))
    for r in rows:
        r["x asent"] = round(r["words/s per core"] / asent_wps, 2)
    a, b = results["stacey annotate (fast engine)"], results["stacey annotate (spacy engine)"]
    same_lemmas = float((a["lemmas"] == b["lemmas"]).mean())
    same_sent = float(((a["sentiment"] - b["sentiment"]).abs() < 1e-9).mean())
    text = (f"# Annotation throughput\n\n`PYTHONPATH=. python benchmarks/annotate_speed.py --n {args.n} "
            f"--runs {args.runs}`: {len(texts)} texts ({args.n} Danish LCC sentences, {args.n} English movie "
            f"snippets), {words} words, one process, cache off, median of {args.runs} round-robin runs; "
            f"words/s per core from the process's CPU time (the machine is shared).\n\n"
            + md_table(pd.DataFrame(rows)) +
            f"\n\nFast and spaCy engines: identical `lemmas` on {same_lemmas:.1%} of turns, identical "
            f"`sentiment` on {same_sent:.1%}.\n")
    print(text)
    (ROOT / "benchmarks/results/annotate_speed.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
