"""How well fitted themes recover known (planted or expected) themes, by their top terms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

__all__ = ["theme_recovery"]


def theme_recovery(themes: pd.DataFrame, planted: Mapping[str, Iterable[str]], *, n_top: int = 10) -> pd.DataFrame:
    """Match each known theme to one fitted theme and report how their terms agree.

    Each fitted theme's first ``n_top`` top terms (``themes["top_terms"]``,
    "; "-joined; a merged term ``meeting/møde`` counts as each of its words)
    are compared with each known theme's terms (a ``*`` in a known term matches
    any run of letters, as in a codebook); known and fitted themes are
    paired one-to-one (Hungarian assignment, Kuhn 1955) maximising
    ``precision = |top & known| / |top|``, the share of the fitted theme's top
    terms that belong to the known theme.

    Parameters
    ----------
    themes
        A ``themes_`` table (``theme``, ``label``, ``top_terms``).
    planted
        Known theme name -> its terms (lemmas).
    n_top
        Top terms of each fitted theme compared.

    Returns
    -------
    DataFrame
        One row per known theme: ``planted``, ``theme`` (matched fitted theme,
        null when there are fewer fitted themes), ``label``, ``precision``,
        ``recall`` (``|top & known| / min(|known|, n_top)``), ``matched_terms``
        ("; "-joined).
    """
    tops = []
    for terms in themes["top_terms"].astype(str):
        words = [t for t in terms.split("; ") if t][:n_top]
        tops.append([set(w.split("/")) for w in words])
    known = {name: {str(t).lower() for t in terms} for name, terms in planted.items()}
    names = list(known)

    def hits(top: list[set[str]], k: set[str]) -> list[str]:
        globs = [t for t in k if "*" in t]
        return ["/".join(sorted(w)) for w in top if w & k or any(fnmatchcase(x, g) for x in w for g in globs)]

    prec = np.array([[len(hits(top, known[n])) / max(1, len(top)) for top in tops] for n in names]).reshape(
        len(names), len(tops))
    rows, cols = linear_sum_assignment(-prec) if prec.size else (np.array([], int), np.array([], int))
    pair = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    out = []
    for i, name in enumerate(names):
        j = pair.get(i)
        if j is None:
            out.append({"planted": name, "theme": None, "label": None, "precision": 0.0, "recall": 0.0,
                        "matched_terms": ""})
            continue
        h = hits(tops[j], known[name])
        out.append({"planted": name, "theme": str(themes["theme"].iloc[j]), "label": str(themes["label"].iloc[j]),
                    "precision": float(prec[i, j]), "recall": len(h) / max(1, min(len(known[name]), n_top)),
                    "matched_terms": "; ".join(h)})
    return pd.DataFrame(out, columns=["planted", "theme", "label", "precision", "recall", "matched_terms"])
