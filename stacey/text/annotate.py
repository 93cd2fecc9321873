"""Annotate turns: language, words, lemmas and sentiment, cached by content hash."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SchemaError
from . import lang as _lang
from . import nlp as _nlp
from .cache import AnnotationCache, key
from .sentiment import get_backend

__all__ = ["annotate", "annotate_chunks", "sentences", "ANNOTATION_COLUMNS"]

#: columns :func:`annotate` adds
ANNOTATION_COLUMNS = ("lang", "sentiment", "sentiment_pos", "sentiment_neg", "sentiment_neu", "n_words", "lemmas")
_SCORES = ("sentiment", "sentiment_pos", "sentiment_neg", "sentiment_neu")
# the tokenizer, lemma and language code: editing them invalidates cached annotations
_ENGINE_VERSION = hashlib.blake2b(b"".join(Path(m.__file__).read_bytes() for m in (_nlp, _lang)),
                                  digest_size=8).hexdigest()


def _texts(turns: pd.DataFrame) -> list[str]:
    missing = [c for c in ("id", "text") if c not in turns.columns]
    if missing:
        raise SchemaError(f"annotate needs columns 'id' and 'text'; missing: {', '.join(missing)}")
    return ["" if (t is None or t is pd.NA or (isinstance(t, float) and math.isnan(t))) else str(t)
            for t in turns["text"].astype(object)]


def _work_fast(item: tuple[str, str, bool]) -> tuple[int, str, tuple[float, ...] | None]:
    """One text by the fast engine: (n_words, lemmas, stacey scores or None)."""
    from .sentiment.core import score_analysed

    text, lang, with_scores = item
    sents = _nlp.analyse(text, lang)
    scores = score_analysed(sents, lang) if with_scores else None
    stops = _nlp.stop_words(lang)
    n = 0
    lemmas = []
    for sent in sents:  # n_words and content_lemmas in one pass
        for tok, lemma in sent:
            if _nlp.is_word(tok):
                n += 1
                if lemma not in stops and tok.lower() not in stops:
                    lemmas.append(lemma)
            elif tok.isalnum() or (len(tok) > 1 and any(ch.isalnum() for ch in tok)):
                n += 1
    return n, " ".join(lemmas), scores


class _Workers:
    """A process pool started on first use and kept for later calls (one pool for all the chunks of a table)."""

    def __init__(self, n_process: int) -> None:
        self.n_process = n_process
        self.pool: Any = None

    def imap(self, fn: Callable[[Any], Any], items: Sequence[Any], chunksize: int) -> Iterator[Any]:
        if self.pool is None:
            import multiprocessing as mp

            self.pool = mp.get_context("fork" if os.name == "posix" else "spawn").Pool(self.n_process)
        return self.pool.imap(fn, items, chunksize=chunksize)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None


def _progress(total: int, progress: bool | None, desc: str) -> Any:
    show = progress if progress is not None else total >= 20_000
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="turn")


def annotate(
    turns: pd.DataFrame,
    *,
    nlp: Mapping[str, str] | None = None,
    lang: str | None = None,
    backend: str = "stacey",
    cache: bool = True,
    n_process: int = 1,
    batch_size: int = 1000,
    progress: bool | None = None,
    languages: Sequence[str] = _lang.DEFAULT_LANGUAGES,
    nlp_engine: str = "fast",
) -> pd.DataFrame:
    """Add language, word count, lemmas and sentiment to a turn table.

    Parameters
    ----------
    turns
        A table with at least ``id`` and ``text`` (other columns are kept).
    nlp
        Trained spaCy pipelines by language, e.g. ``{"da": "da_core_news_sm"}``;
        loaded only if installed (:class:`~stacey.text.nlp.NlpError` if named
        but missing). Other languages use the default engine.
    lang
        Corpus default language: used where detection is unsure (short
        turns such as ``ok`` or ``👍``). ``None`` leaves those ``und``.
    backend
        Sentiment backend by name (:func:`stacey.text.sentiment.backends`):
        ``stacey`` (default), ``vader``, ``asent``, ``afinn`` or one you
        registered.
    cache
        Read and write the on-disk cache (:mod:`stacey.text.cache`).
    n_process
        Processes for the texts not in the cache.
    batch_size
        Texts per batch (``nlp.pipe`` batch and multiprocessing chunk).
    progress
        Show a tqdm bar; ``None``: only for 20,000 turns or more.
    languages
        Candidate languages for detection.
    nlp_engine
        ``"fast"`` (tokenizer + lookup lemmas, no ``Doc``) or ``"spacy"``
        (``nlp.pipe`` over ``spacy.blank`` + sentencizer + lookup lemmatizer);
        both give the same lemmas.

    Returns
    -------
    pandas.DataFrame
        A new table: the input's columns plus

        - ``lang`` (string): ISO 639-1 code, the default ``lang`` where unsure, else ``und``
        - ``sentiment`` (float): compound in [-1, 1] (mean over the sentences
          that carry sentiment; see :mod:`stacey.text.sentiment.rules`); NaN
          where the backend has nothing for the language
        - ``sentiment_pos``, ``sentiment_neg``, ``sentiment_neu`` (float):
          shares of positive, negative and neutral weight, summing to 1
        - ``n_words`` (int): tokens with a letter or digit
        - ``lemmas`` (string): space-separated lower-case lemmas of content
          words (alphabetic, not stop words of the turn's language)
    """
    workers = _Workers(n_process)
    try:
        return _annotate_part(turns, nlp=nlp, lang=lang, backend=backend, cache=cache, n_process=n_process,
                              batch_size=batch_size, progress=progress, languages=languages, nlp_engine=nlp_engine,
                              workers=workers)
    finally:
        workers.close()


def annotate_chunks(
    turns: pd.DataFrame,
    *,
    chunk_rows: int = 20_000,
    nlp: Mapping[str, str] | None = None,
    lang: str | None = None,
    backend: str = "stacey",
    cache: bool = True,
    n_process: int = 1,
    batch_size: int = 1000,
    progress: bool | None = None,
    languages: Sequence[str] = _lang.DEFAULT_LANGUAGES,
    nlp_engine: str = "fast",
) -> Iterator[pd.DataFrame]:
    """:func:`annotate` ``chunk_rows`` rows at a time: yields the annotated table in consecutive slices.

    Each turn's annotation depends on its own text only, so the slices put
    together are :func:`annotate` of the whole table, while memory holds the
    work of one slice (texts, cache keys, results), not of the table. The
    worker processes (``n_process``) are started once and serve every slice;
    the progress bar counts rows, a slice at a time. Options as for
    :func:`annotate`.

    Yields
    ------
    pandas.DataFrame
        ``turns.iloc[a:b]`` (same index) with the columns :func:`annotate` adds.
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    workers = _Workers(n_process)
    bar = _progress(len(turns), progress, "annotate")  # one bar over the rows of all chunks
    try:
        for start in range(0, max(len(turns), 1), chunk_rows):
            part = turns.iloc[start:start + chunk_rows]
            yield _annotate_part(part, nlp=nlp, lang=lang, backend=backend, cache=cache, n_process=n_process,
                                 batch_size=batch_size, progress=False, languages=languages, nlp_engine=nlp_engine,
                                 workers=workers)
            if bar is not None:
                bar.update(len(part))
    finally:
        workers.close()
        if bar is not None:
            bar.close()


def _annotate_part(turns: pd.DataFrame, *, nlp: Mapping[str, str] | None, lang: str | None, backend: str,
                   cache: bool, n_process: int, batch_size: int, progress: bool | None, languages: Sequence[str],
                   nlp_engine: str, workers: _Workers) -> pd.DataFrame:
    if nlp_engine not in ("fast", "spacy"):
        raise ValueError(f"nlp_engine must be 'fast' or 'spacy', not {nlp_engine!r} (the engine that runs "
                         "annotation on a cluster is stacey.engine.annotate(turns, engine='dask'))")
    texts = _texts(turns)
    n = len(texts)
    be = get_backend(backend)
    nlp = dict(nlp or {})
    settings = (str(lang), ",".join(languages), be.name, be.version, nlp_engine, _ENGINE_VERSION,
                ",".join(f"{k}={v}" for k, v in sorted(nlp.items())))
    keys = [key(t, *settings) for t in texts] if cache else texts  # without a cache, the text itself dedupes
    store = AnnotationCache() if cache else None
    found = store.get_many(keys) if store else {}
    todo = [i for i in range(n) if keys[i] not in found]
    # compute each distinct text once
    first: dict[str, int] = {}
    for i in todo:
        first.setdefault(keys[i], i)
    idx = list(first.values())
    bar = _progress(len(idx), progress, "annotate")
    langs = {}
    for start in range(0, len(idx), batch_size):
        chunk = idx[start:start + batch_size]
        for i, lg in zip(chunk, _lang.detect([texts[i] for i in chunk], languages=languages, default=lang), strict=False):
            langs[i] = lg
    new: dict[str, list[Any]] = {}
    with_scores = be.name == "stacey"
    fast = [i for i in idx if nlp_engine == "fast" and langs[i] not in nlp]
    results: dict[int, tuple[int, str, tuple[float, ...] | None]] = {}
    items = [(texts[i], langs[i], with_scores) for i in fast]
    if n_process > 1 and len(items) > batch_size:
        for i, r in zip(fast, workers.imap(_work_fast, items, chunksize=max(1, batch_size // 4)), strict=False):
            results[i] = r
            if bar is not None:
                bar.update(1)
    else:
        for i, it in zip(fast, items, strict=False):
            results[i] = _work_fast(it)
            if bar is not None:
                bar.update(1)
    rest = [i for i in idx if i not in results]
    if rest:
        from .sentiment.core import score_analysed

        for lg in sorted({langs[i] for i in rest}):
            sel = [i for i in rest if langs[i] == lg]
            docs = _nlp.analyse_docs((texts[i] for i in sel), lg, name=nlp.get(lg), n_process=n_process,
                                     batch_size=batch_size)
            for i, sents in zip(sel, docs, strict=False):
                results[i] = (_nlp.n_words(sents), _nlp.content_lemmas(sents, lg),
                              score_analysed(sents, lg) if with_scores else None)
                if bar is not None:
                    bar.update(1)
    if bar is not None:
        bar.close()
    if not with_scores and idx:
        scored = be.fn([texts[i] for i in idx], [langs[i] for i in idx])
        scored = np.asarray(scored, dtype=float).reshape(len(idx), 4)
        for i, row in zip(idx, scored, strict=False):
            nw, lem, _ = results[i]
            results[i] = (nw, lem, tuple(row))
    for i in idx:
        nw, lem, sc = results[i]
        new[keys[i]] = [langs[i], *[None if (x is None or math.isnan(x)) else float(x) for x in sc], nw, lem]
    if store and new:
        store.put_many(new.items())
    found.update(new)
    rows = [found[k] for k in keys]
    cols = list(zip(*rows, strict=False)) if rows else [[] for _ in ANNOTATION_COLUMNS]
    out = {
        "lang": pd.array(cols[0], dtype="string"),
        **{name: pd.array([np.nan if v is None else v for v in cols[j + 1]], dtype="float64")
           for j, name in enumerate(_SCORES)},
        "n_words": pd.array(cols[5], dtype="int64"),
        "lemmas": pd.array(cols[6], dtype="string"),
    }
    return turns.assign(**{k: pd.Series(v, index=turns.index) for k, v in out.items()})


def sentences(
    turns: pd.DataFrame,
    *,
    lang: str | None = None,
    backend: str = "stacey",
    languages: Sequence[str] = _lang.DEFAULT_LANGUAGES,
    langs: Sequence[str] | None = None,
    score: Callable[[Sequence[str], Sequence[str]], np.ndarray] | None = None,
) -> pd.DataFrame:
    """Sentence-level sentiment, for long turns (mail).

    Sentences are split as :func:`annotate` splits them (after ``.``, ``!``,
    ``?``, ``…``, and at blank lines); each is scored on its own: for the
    ``stacey`` backend the sentence compound ``S / sqrt(S² + 15)`` of
    :mod:`stacey.text.sentiment.rules`; the turn's ``sentiment`` is the mean
    of the scores of its sentences that carry sentiment (weighted by the
    cross-sentence contrast rule).

    Parameters
    ----------
    turns
        A table with ``id`` and ``text``; a ``lang`` column (from
        :func:`annotate`) is used if present, else the language is detected.
    lang
        Corpus default language where detection is unsure.
    backend
        Sentiment backend by name.
    languages
        Candidate languages for detection.
    langs
        Languages per turn (overrides the ``lang`` column and detection).
    score
        A scoring function ``fn(texts, langs) -> (n, 4)`` to use instead of ``backend``.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, columns ``id`` (the turn's), ``sentence``
        (0-based position in the turn), ``text`` (the sentence as written)
        and ``sentiment`` (compound in [-1, 1]; NaN where the backend has
        nothing for the language).
    """
    from .sentiment.core import score_analysed

    texts = _texts(turns)
    if langs is None:
        if "lang" in turns.columns:
            langs = [str(x) if isinstance(x, str) else (lang or "und") for x in turns["lang"].astype(object)]
        else:
            langs = _lang.detect(texts, languages=languages, default=lang)
    ids, pos, stexts, slangs = [], [], [], []
    for tid, text, lg in zip(turns["id"].astype(object), texts, langs, strict=False):
        for k, (a, b) in enumerate(_nlp.sentence_spans(text, lg)):
            ids.append(tid)
            pos.append(k)
            stexts.append(text[a:b])
            slangs.append(lg)
    if score is None and backend == "stacey":
        values = [score_analysed(_nlp.analyse(t, lg), lg)[0] for t, lg in zip(stexts, slangs, strict=False)]
    else:
        fn = score or get_backend(backend).fn
        values = list(np.asarray(fn(stexts, slangs), dtype=float).reshape(-1, 4)[:, 0]) if stexts else []
    return pd.DataFrame({
        "id": pd.array(ids, dtype="string"),
        "sentence": pd.array(pos, dtype="int64"),
        "text": pd.array(stexts, dtype="string"),
        "sentiment": pd.array(values, dtype="float64"),
    })
