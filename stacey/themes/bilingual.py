"""Mixed Danish/English corpora: a seed lexicon that merges translation pairs, and a
measure of how much themes split by language.

A theme model fit on a mixed corpus tends to find "the Danish budget theme" and
"the English budget theme" because the two vocabularies never share a column of
the term matrix. :func:`merge_translations` rewrites each lemma of a translation
pair to one shared term (``meeting/møde``) before TF-IDF, so both languages load
on the same columns; :func:`language_split` measures what is left of the split.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..errors import FormatError, SchemaError
from .mixtures import check_weights

__all__ = ["load_lexicon", "merge_translations", "language_split", "split_index"]

Lexicon = Mapping[str, str]


def _parse_lexicon(data: object, path: str) -> dict[str, str]:
    if not isinstance(data, Mapping) or not isinstance(data.get("pairs"), list):
        raise FormatError(path, None, "a YAML mapping with a list 'pairs' of [danish, english] pairs")
    merged: dict[str, str] = {}
    for n, pair in enumerate(data["pairs"]):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(w, str) and w.strip() for w in pair)):
            raise FormatError(path, f"pairs[{n}]", "a pair [danish, english] of two non-empty words")
        da, en = (w.strip().lower() for w in pair)
        term = merged.get(en) or merged.get(da) or (en if da == en else f"{en}/{da}")
        merged.setdefault(en, term)
        merged.setdefault(da, term)
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, Mapping):
        raise FormatError(path, "aliases", "a mapping lemma form -> listed word")
    for form, word in aliases.items():
        word = str(word).lower()
        if word not in merged:
            raise FormatError(path, f"aliases.{form}", f"a word listed in 'pairs' (got {word!r})")
        merged.setdefault(str(form).lower(), merged[word])
    return merged


@lru_cache(maxsize=4)
def _bundled() -> dict[str, str]:
    ref = resources.files("stacey.themes") / "data" / "da_en.yaml"
    return _parse_lexicon(yaml.safe_load(ref.read_text(encoding="utf-8")), str(ref))


def load_lexicon(source: str | PathLike[str] | Mapping[str, str] = "da-en") -> dict[str, str]:
    """Load a translation lexicon as a map lemma -> merged term.

    Parameters
    ----------
    source
        ``"da-en"`` for the bundled Danish-English seed lexicon
        (``stacey/themes/data/da_en.yaml``, 183 pairs), a path to a YAML file of
        the same form (``pairs: [[danish, english], ...]``, optional
        ``aliases: {lemma form: listed word}``), or a ready mapping
        (returned as a dict, lower-cased).

    Returns
    -------
    dict
        Every Danish and English lemma of the lexicon mapped to its merged term,
        ``english/danish`` (``meeting/møde``), or the word itself when both
        languages spell it the same (``budget``).
    """
    if isinstance(source, Mapping):
        return {str(k).lower(): str(v).lower() for k, v in source.items()}
    if str(source) == "da-en":
        return dict(_bundled())
    path = Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FormatError(path, f"line {mark.line + 1}" if mark else None, f"valid YAML ({exc})") from exc
    return _parse_lexicon(data, str(path))


def merge_translations(docs: Iterable[str], lexicon: Lexicon) -> list[str]:
    """Rewrite each lemma found in ``lexicon`` to its merged term.

    ``"møde budget"`` and ``"meeting budget"`` both become
    ``"meeting/møde budget"``. Lemmas not in the lexicon are kept as they are.
    """
    return [" ".join(lexicon.get(tok, tok) for tok in doc.split()) for doc in docs]


def language_split(weights: pd.DataFrame, turns: pd.DataFrame, *, lang: str = "lang") -> pd.DataFrame:
    """How much each theme is carried by one language rather than by the corpus's mix.

    For theme *t* with weight ``w_it`` on turn *i* in language ``l_i``, the
    language profile of the theme is ``p_t(l) = sum_{i: l_i = l} w_it / sum_i w_it``;
    the corpus profile ``q(l)`` is the share of turns in each language (among
    turns that carry any theme). The split of the theme is the total variation
    distance ``split_t = 1/2 sum_l |p_t(l) - q(l)|``: 0 when the theme is spoken
    in the languages in the same proportion as the corpus, ``1 - q(l)`` when it
    lives only in language *l*. (Total variation as a distance between
    distributions; see Levin, Peres and Wilmer 2009, ch. 4.)

    Parameters
    ----------
    weights
        Long table ``id, theme, weight``.
    turns
        Turn table with ``id`` and the language column.
    lang
        Name of the language column (``stacey.annotate`` writes ``lang``).

    Returns
    -------
    DataFrame
        One row per theme: ``theme``, ``weight`` (total), ``main_lang`` (the
        language with the largest share), ``main_share`` (that share), ``split``
        (total variation distance from the corpus mix), then one column
        ``share_<lang>`` per language.
    """
    check_weights(weights)
    if lang not in turns.columns:
        raise SchemaError(f"turn table has no {lang!r} column: run stacey.annotate first")
    langs = turns.set_index(turns["id"].astype(str))[lang].astype(str)
    w = weights.assign(id=weights["id"].astype(str), theme=weights["theme"].astype(str),
                       weight=pd.to_numeric(weights["weight"]).astype(float))
    w = w.assign(lang=w["id"].map(langs)).dropna(subset=["lang"])
    table = w.pivot_table(index="theme", columns="lang", values="weight", aggfunc="sum", fill_value=0.0)
    carried = langs[langs.index.isin(w["id"].unique())]
    q = carried.value_counts(normalize=True).reindex(table.columns, fill_value=0.0)
    total = table.sum(axis=1)
    shares = table.div(total.where(total > 0), axis=0).fillna(0.0)
    split = 0.5 * (shares - q).abs().sum(axis=1)
    out = pd.DataFrame({
        "theme": table.index.astype(str),
        "weight": total.to_numpy(),
        "main_lang": shares.idxmax(axis=1).to_numpy() if len(shares.columns) else None,
        "main_share": shares.max(axis=1).to_numpy() if len(shares.columns) else np.nan,
        "split": split.to_numpy(),
    })
    for col in shares.columns:
        out[f"share_{col}"] = shares[col].to_numpy()
    return out.reset_index(drop=True)


def split_index(weights: pd.DataFrame, turns: pd.DataFrame, *, lang: str = "lang") -> float:
    """Corpus-level language split: the weight-averaged ``split`` of :func:`language_split`.

    ``sum_t W_t split_t / sum_t W_t`` with ``W_t`` the total weight of theme
    *t*. 0 means every theme is spoken in the corpus's language mix; it nears
    ``1 - min_l q(l)`` when every theme lives in one language.
    """
    table = language_split(weights, turns, lang=lang)
    if not len(table) or table["weight"].sum() == 0:
        return float("nan")
    return float(np.average(table["split"], weights=table["weight"]))
