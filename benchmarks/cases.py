"""Benchmark cases, one per process: ``python -m benchmarks.cases NAME ARGS...``.

Each case loads its input outside the timed part when the input is not what is
being measured, times the work with ``time.perf_counter`` and prints one JSON
line: ``seconds`` (the timed work), ``cpu`` (its CPU seconds, worker processes included once they end), ``items`` (messages, turns or words
handled) and case-specific counts. :mod:`benchmarks.harness` adds wall time and
peak memory. This module imports nothing from stacey at module level, so the
ConvoKit cases run in ConvoKit's own virtual environment.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

CASES: dict[str, Callable[..., dict[str, Any]]] = {}


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (worker pools), user + system."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def case(name: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def deco(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        CASES[name] = func
        return func

    return deco


# ----------------------------------------------------------------------------- reading
@case("read-stacey")
def read_stacey(path: str, n_process: str = "") -> dict[str, Any]:
    """stacey.read: parse, decode, clean own words (mail), thread, validate; ``n_process`` for the mail readers."""
    from stacey.io.registry import _load_all, read

    _load_all()
    c0 = _cpu()
    t0 = time.perf_counter()
    res = read(path, with_rejects=True, progress=False, **({"n_process": n_process} if n_process else {}))
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": res.found, "turns": len(res.turns), "rejects": len(res.rejects),
            "conversations": int(res.turns["conversation_id"].nunique())}


@case("read-stdlib-mbox")
def read_stdlib_mbox(path: str) -> dict[str, Any]:
    """The plain loop: stdlib mailbox.mbox + email, first text/plain part decoded, a DataFrame. No threading,
    no cleaning, no HTML."""
    import email.header
    import email.utils
    import mailbox

    import pandas as pd

    def text_of(msg: Any) -> str:
        for part in msg.walk():
            if part.get_content_type() == "text/plain":
                raw = part.get_payload(decode=True) or b""
                return raw.decode(part.get_content_charset() or "utf-8", "replace")
        return ""

    c0 = _cpu()

    t0 = time.perf_counter()
    rows = []
    for msg in mailbox.mbox(path, create=False):
        date = msg.get("Date")
        rows.append({
            "id": (msg.get("Message-ID") or "").strip("<> "),
            "reply_to": (msg.get("In-Reply-To") or "").strip("<> ") or None,
            "speaker": email.utils.parseaddr(str(msg.get("From", "")))[1].lower(),
            "timestamp": email.utils.parsedate_to_datetime(date) if date else None,
            "title": str(email.header.make_header(email.header.decode_header(msg.get("Subject", "")))),
            "text": text_of(msg),
        })
    frame = pd.DataFrame(rows)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": len(frame), "turns": len(frame)}


# ----------------------------------------------------------------------------- turn table
def _load_table(path: str) -> Any:
    import pandas as pd

    return pd.read_parquet(path)


@case("turntable-stacey")
def turntable_stacey(path: str) -> dict[str, Any]:
    """Build the validated turn table from a loaded utterance frame: conform, link, derive turn/depth, validate."""
    from stacey.io.registry import link_missing_parents
    from stacey.turns import conform, derive, validate

    frame = _load_table(path).assign(source="bench")
    c0 = _cpu()
    t0 = time.perf_counter()
    turns = validate(derive(link_missing_parents(conform(frame))))
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": len(turns), "turns": len(turns), "max_depth": int(turns["depth"].max())}


@case("turntable-convokit")
def turntable_convokit(path: str) -> dict[str, Any]:
    """ConvoKit's Corpus.from_pandas on the same utterances (speakers and conversations built from them)."""
    import warnings

    warnings.filterwarnings("ignore")
    from convokit import Corpus

    frame = _load_table(path)
    utt = frame[["id", "speaker", "conversation_id", "reply_to", "text"]].assign(
        timestamp=frame["timestamp"].astype("int64") // 10**9, **{"meta.title": frame["title"]})
    utt = utt.astype({c: object for c in ("id", "speaker", "conversation_id", "reply_to", "text", "meta.title")})
    utt["reply_to"] = utt["reply_to"].where(utt["reply_to"].notna(), None)
    c0 = _cpu()
    t0 = time.perf_counter()
    corpus = Corpus.from_pandas(utterances_df=utt)
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    n = len(corpus.get_utterance_ids())
    return {"seconds": sec, "cpu": cpu, "items": n, "turns": n, "conversations": len(corpus.get_conversation_ids())}


# ----------------------------------------------------------------------------- annotation
def _texts(path: str, n: int | None = None) -> Any:
    frame = _load_table(path)
    if n:
        frame = frame.iloc[: int(n)]
    return frame.reset_index(drop=True)


def _words(texts: Any) -> int:
    return int(sum(len(t.split()) for t in texts))


def _cold_cache() -> None:
    import os
    import tempfile

    os.environ["STACEY_CACHE_DIR"] = tempfile.mkdtemp(prefix="stacey-bench-cache-")


@case("annotate-stacey")
def annotate_stacey(path: str, n_process: str = "1", n: str = "0") -> dict[str, Any]:
    """stacey.annotate, cache off: language, tokens, sentences, lemmas, sentiment; n_process processes."""
    from stacey.text.annotate import annotate

    frame = _texts(path, int(n))[["id", "text"]]
    annotate(frame.iloc[:1000], cache=False, progress=False)  # load tables, pipelines, lingua models: not timed
    c0 = _cpu()
    t0 = time.perf_counter()
    out = annotate(frame, cache=False, progress=False, n_process=int(n_process))
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": _words(frame["text"]), "turns": len(out),
            "lang_da": float((out["lang"] == "da").mean())}


def _by_lang(frame: Any) -> dict[str, list[str]]:
    langs = frame["lang_truth"].where(frame["lang_truth"].isin(["da", "en"]), "da")
    return {lg: frame.loc[langs == lg, "text"].tolist() for lg in ("da", "en")}


@case("annotate-asent")
def annotate_asent(path: str, n: str = "0") -> dict[str, Any]:
    """asent: spacy.blank(lang) + sentencizer + asent_<lang>_v1, each text to its known language's pipeline."""
    import asent  # noqa: F401 - registers the asent components
    import spacy

    frame = _texts(path, int(n))
    groups = _by_lang(frame)
    nlps = {}
    for lg in groups:
        nlp = spacy.blank(lg)
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(f"asent_{lg}_v1")
        nlps[lg] = nlp
        list(nlp.pipe(groups[lg][:20]))
    c0 = _cpu()
    t0 = time.perf_counter()
    scores = [doc._.polarity.compound for lg, texts in groups.items() for doc in nlps[lg].pipe(texts)]
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": _words(frame["text"]), "turns": len(scores)}


@case("annotate-vader")
def annotate_vader(path: str, n: str = "0") -> dict[str, Any]:
    """VADER (vaderSentiment) polarity_scores on every text (English lexicon and rules)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    frame = _texts(path, int(n))
    sia = SentimentIntensityAnalyzer()
    texts = frame["text"].tolist()
    c0 = _cpu()
    t0 = time.perf_counter()
    scores = [sia.polarity_scores(t)["compound"] for t in texts]
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": _words(texts), "turns": len(scores)}


@case("annotate-blank")
def annotate_blank(path: str, n: str = "0") -> dict[str, Any]:
    """The practical limit: a bare spacy.blank(lang) tokenizer over the texts (nlp.pipe), nothing else."""
    import spacy

    frame = _texts(path, int(n))
    groups = _by_lang(frame)
    nlps = {lg: spacy.blank(lg) for lg in groups}
    c0 = _cpu()
    t0 = time.perf_counter()
    n_docs = sum(1 for lg, texts in groups.items() for _ in nlps[lg].pipe(texts))
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": _words(frame["text"]), "turns": n_docs}


# ----------------------------------------------------------------------------- themes
def _annotated(path: str, n: str) -> Any:
    """The turns with lemmas (annotated once, then from the annotation cache; not timed)."""
    from stacey.text.annotate import annotate

    return annotate(_texts(path, int(n)), progress=False, n_process=2)


@case("themes-fit")
def themes_fit(path: str, n_themes: str = "12", n: str = "0") -> dict[str, Any]:
    """NMFThemes(n_themes).fit on the annotated turns (online mini-batch NMF above 50,000 turns)."""
    from stacey.themes import NMFThemes

    turns = _annotated(path, n)
    c0 = _cpu()
    t0 = time.perf_counter()
    model = NMFThemes(int(n_themes), random_state=0).fit(turns)
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": len(turns), "turns": len(turns), "themes": len(model.themes_),
            "online": bool(len(turns) > 50000)}


@case("themes-transform")
def themes_transform(path: str, n_themes: str = "12", n: str = "0") -> dict[str, Any]:
    """NMFThemes.transform of every turn with a fitted model (the long id, theme, weight table)."""
    from stacey.themes import NMFThemes

    turns = _annotated(path, n)
    model = NMFThemes(int(n_themes), random_state=0).fit(turns)
    c0 = _cpu()
    t0 = time.perf_counter()
    weights = model.transform(turns)
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    return {"seconds": sec, "cpu": cpu, "items": len(turns), "turns": len(turns), "rows": len(weights)}


# ----------------------------------------------------------------------------- whole analysis
@case("analyze")
def analyze_case(path: str, engine: str = "pandas", n_process: str = "2", n_themes: str = "12",
                 n_perm: str = "200") -> dict[str, Any]:
    """The whole ``stacey analyze IN -o OUT``: read, annotate (cold cache), themes, every dynamics table, write."""
    import tempfile

    from stacey.cli import main as cli

    _cold_cache()
    out = tempfile.mkdtemp(prefix="stacey-bench-analyze-")
    args = ["analyze", path, "-o", out, "--n-themes", n_themes, "--n-perm", n_perm, "--engine", engine]
    if engine == "pandas":
        args += ["--n-process", n_process]
    c0 = _cpu()
    t0 = time.perf_counter()
    status = cli(args)
    sec = time.perf_counter() - t0
    cpu = _cpu() - c0
    if status:
        raise SystemExit(f"stacey analyze exited {status}")
    run = json.loads((__import__("pathlib").Path(out) / "run.json").read_text())
    n_turns = run["tables"]["turns"]["rows"]
    return {"seconds": sec, "cpu": cpu, "items": n_turns, "turns": n_turns, "tables": len(run["tables"])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run one benchmark case and print its JSON result.")
    p.add_argument("case", choices=sorted(CASES))
    p.add_argument("args", nargs="*")
    a = p.parse_args(argv)
    result = CASES[a.case](*a.args)
    result["seconds"] = round(result["seconds"], 4)
    result["cpu"] = round(result["cpu"], 4)
    print(json.dumps({"case": a.case, **result}))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
