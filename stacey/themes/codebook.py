"""Deductive themes: a researcher's codebook of themes with seed terms per language.

A codebook is a YAML file (or the same structure as a dict)::

    themes:
      budget:                       # theme id: a short string
        label: Budget and cuts
        terms:
          en: [budget, cost, "cost cut"]     # lemmas; a phrase is lemmas joined by spaces
          da: [budget, omkostning, besparelse, "skære ned"]
      meetings:
        label: Meetings
        terms: [meeting, møde]               # a plain list: any language

Terms are matched on the turn's ``lemmas`` (lower-case content lemmas, stop
words removed), so write them as lemmas without stop words. Longer phrases are
matched first and use up their lemmas, so ``cost cut`` is not also counted as
``cost``. A theme's weight on a turn is its share of the turn's matches.

Two conveniences make a codebook written from a dictionary meet the lemmas
``stacey.annotate`` produces:

- each term is also matched in the form the annotator's lookup lemmatizer
  gives it (``lemmatize=True``, the default): a researcher writes ``viden``
  or ``offentligt`` and the turns hold ``vide`` and ``offentlig``, because
  the same lemma table (spacy-lookups-data) normalises both sides. A term
  under a language key uses that language's table; a term listed without a
  language uses the tables of the languages of the fitted turns;
- a ``*`` in a word matches any run of letters, as in LIWC and WordStat
  dictionaries (LIWC: Pennebaker, Boyd, Jordan and Blackburn 2015):
  ``borgerhjælper*`` matches ``borgerhjælpere`` and ``borgerhjælperne``,
  compounds the lemma table does not know, and ``*vagt*`` also the Danish
  compounds whose head is the word (``morgenvagt``, ``vagtplan``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from fnmatch import fnmatchcase
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..errors import FormatError, StaceyError
from ._input import lemma_docs, require_lemmas
from .weights import long_weights

__all__ = ["Codebook"]

ANY = "any"


def _terms(spec: Any, where: str, path: str) -> dict[str, list[str]]:
    if isinstance(spec, list):
        spec = {ANY: spec}
    if not isinstance(spec, Mapping) or not spec:
        raise FormatError(path, where, "terms: a list of lemmas or phrases, or a mapping language -> list")
    out: dict[str, list[str]] = {}
    for lang, words in spec.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise FormatError(path, f"{where}.{lang}", "a list of non-empty lemmas or phrases")
        out[str(lang)] = [" ".join(w.lower().split()) for w in words]
    return out


def _parse(codebook: Mapping[str, Any], path: str) -> dict[str, dict[str, Any]]:
    themes = codebook.get("themes") if isinstance(codebook, Mapping) else None
    if not isinstance(themes, Mapping) or not themes:
        raise FormatError(path, None, "a mapping with a non-empty 'themes' mapping: theme id -> {label, terms}")
    out: dict[str, dict[str, Any]] = {}
    for tid, spec in themes.items():
        where = f"themes.{tid}"
        if isinstance(spec, list):
            spec = {"terms": spec}
        if not isinstance(spec, Mapping) or "terms" not in spec:
            raise FormatError(path, where, "a mapping with 'terms' (and optionally 'label')")
        out[str(tid)] = {"label": str(spec.get("label", tid)), "terms": _terms(spec["terms"], f"{where}.terms", path)}
    return out


class Codebook:
    """Themes given by a researcher: seed terms and phrases per language, matched on lemmas.

    Parameters
    ----------
    codebook
        Path to a YAML codebook or the parsed mapping (see the module docstring).
    by_language
        When True and the turns have a ``lang`` column, a turn is matched only
        against the terms of its language and those listed without a language
        (``any``); by default every term is matched on every turn, since mixed
        Danish/English turns borrow words across languages.
    n_top
        Number of most used terms listed per theme in ``themes_``.
    lemmatize
        Also match each term in its lookup-lemma form (see the module docstring).

    Attributes
    ----------
    spec_ : dict
        Parsed codebook: theme id -> ``{"label", "terms": {lang: [terms]}}``.
    vocabulary_ : dict
        Theme id -> every form its terms are matched in (as written and in
        their lemma forms; wildcards kept), sorted; e.g. for
        :func:`stacey.themes.theme_recovery`.
    languages_ : list of str
        Languages of the fitted turns (``lang``), whose lemma tables normalise
        the terms listed without a language.
    themes_ : DataFrame
        ``theme``, ``label``, ``top_terms`` (the codebook terms most matched in
        the fitted turns, "; "-joined; the seed terms when none matched),
        ``n_turns`` (turns with the theme), ``n_matches``, ``languages``
        (languages the codebook covers, ","-joined).
    """

    def __init__(self, codebook: str | PathLike[str] | Mapping[str, Any], *, by_language: bool = False,
                 n_top: int = 10, lemmatize: bool = True) -> None:
        self.codebook = codebook
        self.by_language = by_language
        self.n_top = n_top
        self.lemmatize = lemmatize

    @classmethod
    def from_yaml(cls, path: str | PathLike[str], **kwargs: Any) -> Codebook:
        """Read a codebook from a YAML file (checked at once; errors name the file and place)."""
        book = cls(path, **kwargs)
        book._spec()
        return book

    def _spec(self) -> dict[str, dict[str, Any]]:
        if isinstance(self.codebook, Mapping):
            return _parse(self.codebook, "<codebook>")
        path = Path(self.codebook)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise FormatError(path, f"line {mark.line + 1}" if mark else None, f"valid YAML ({exc})") from exc
        return _parse(data, str(path))

    def _variants(self, term: str, lang: str) -> list[tuple[str, ...]]:
        """The term as written and, with ``lemmatize``, in its lookup-lemma form(s) (wildcards kept)."""
        words = tuple(term.split())
        out = [words]
        if self.lemmatize:
            from ..text.nlp import lemma_table, lemmatize

            for code in (self.languages_ if lang == ANY else [lang]):
                table = lemma_table(code)
                if table:
                    form = tuple(w if "*" in w else lemmatize(w, table) for w in words)
                    if form not in out:
                        out.append(form)
        return out

    def _entries(self) -> list[tuple[tuple[str, ...], int, str, str]]:
        """(phrase tokens, theme index, language, term as written), longest first; stable for determinism."""
        entries = [(form, j, lang, term) for j, t in enumerate(self.theme_ids_)
                   for lang, terms in self.spec_[t]["terms"].items() for term in dict.fromkeys(terms)
                   for form in self._variants(term, lang)]
        return sorted(entries, key=lambda e: -len(e[0]))

    @staticmethod
    def _same(toks: list[str], phrase: tuple[str, ...]) -> bool:
        return all(fnmatchcase(t, p) if "*" in p else t == p for t, p in zip(toks, phrase, strict=True))

    def _match(self, turns: pd.DataFrame) -> tuple[np.ndarray, list[Counter]]:
        docs = lemma_docs(turns)
        langs = (turns["lang"].astype(object).tolist() if self.by_language and "lang" in turns.columns
                 else [None] * len(docs))
        counts = np.zeros((len(docs), len(self.theme_ids_)))
        used: list[Counter] = [Counter() for _ in self.theme_ids_]
        entries = self._entries()
        for i, (doc, lang) in enumerate(zip(docs, langs, strict=True)):
            toks = doc.split()
            free = [True] * len(toks)
            for phrase, j, tlang, term in entries:
                if lang is not None and not pd.isna(lang) and tlang not in (ANY, lang):
                    continue
                n = len(phrase)
                for s in range(len(toks) - n + 1):
                    if all(free[s:s + n]) and self._same(toks[s:s + n], phrase):
                        counts[i, j] += 1
                        used[j][term] += 1
                        free[s:s + n] = [False] * n
        return counts, used

    def fit(self, turns: pd.DataFrame) -> Codebook:
        """Parse the codebook and describe its themes on ``turns``; returns ``self``."""
        require_lemmas(turns)
        self.spec_ = self._spec()
        self.theme_ids_ = list(self.spec_)
        known = turns["lang"].dropna().astype(str).unique().tolist() if "lang" in turns.columns else []
        self.languages_ = sorted(code for code in known if code != "und")
        self.vocabulary_ = {tid: sorted({" ".join(form) for form, j, _, _ in self._entries()
                                          if self.theme_ids_[j] == tid}) for tid in self.theme_ids_}
        counts, used = self._match(turns)
        rows = []
        for j, tid in enumerate(self.theme_ids_):
            spec = self.spec_[tid]
            seeds = list(dict.fromkeys(t for terms in spec["terms"].values() for t in terms))
            top = [t for t, _ in sorted(used[j].items(), key=lambda kv: (-kv[1], kv[0]))][: self.n_top] or seeds[: self.n_top]
            rows.append({"theme": tid, "label": spec["label"], "top_terms": "; ".join(top),
                         "n_turns": int((counts[:, j] > 0).sum()), "n_matches": int(counts[:, j].sum()),
                         "languages": ",".join(spec["terms"])})
        self.themes_ = pd.DataFrame(rows)
        return self

    def transform(self, turns: pd.DataFrame) -> pd.DataFrame:
        """Theme weights per turn: each theme's share of the turn's codebook matches.

        Returns
        -------
        DataFrame
            Long table ``id``, ``theme``, ``weight``: one row per turn and theme
            with at least one match; a turn's rows sum to 1; turns without a
            match have no rows.
        """
        if not hasattr(self, "spec_"):
            raise StaceyError("Codebook is not fitted: call fit(turns) first")
        require_lemmas(turns)
        counts, _ = self._match(turns)
        return long_weights(turns["id"].astype(str).to_numpy(), counts, self.theme_ids_)

    def fit_transform(self, turns: pd.DataFrame) -> pd.DataFrame:
        """``fit(turns).transform(turns)``."""
        return self.fit(turns).transform(turns)
