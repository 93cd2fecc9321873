"""Sentiment contagion: how feeling travels along gesture -> response edges.

Two views of the same edges. The transition table asks whether a negative
(neutral, positive) gesture calls out a response of the same class more often
than the conversation's own mix of sentiment would give by chance. The
regression asks how far a response's sentiment follows its gesture's once the
responder's own usual tone is accounted for.

Emotional contagion as a concept: Hatfield, Cacioppo and Rapson (1993),
"Emotional contagion", Current Directions in Psychological Science 2(3); in
text online: Kramer, Guillory and Hancock (2014), PNAS 111(24).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..turns import index_in
from ._common import require
from .edges import edges as make_edges

__all__ = ["transitions", "contagion_regression", "CLASSES"]

CLASSES = ("negative", "neutral", "positive")


def _edges(turns: pd.DataFrame | None, edges: pd.DataFrame | None, include_self: bool,
           columns: list[str]) -> pd.DataFrame:
    """The edges with both sentiments (and another speaker unless ``include_self``), only ``columns`` copied."""
    if edges is None:
        if turns is None:
            raise ValueError("give turns or edges")
        require(turns, ["sentiment"], hint="run stacey.annotate first")
        edges = make_edges(turns)
    keep = (edges["gesture_sentiment"].notna() & edges["response_sentiment"].notna()).to_numpy()
    if not include_self:
        keep = keep & ~edges["self_reply"].to_numpy(dtype=bool)
    return edges[columns].loc[keep].reset_index(drop=True)


def _class_codes(s: np.ndarray, band: float) -> np.ndarray:
    """Index in :data:`CLASSES` of each sentiment, as :func:`._common.sentiment_class` classes it (-1 for NaN)."""
    out = np.full(len(s), -1, dtype=np.int64)
    out[s <= -band] = 0
    out[s >= band] = 2
    out[(s > -band) & (s < band)] = 1
    return out


def transitions(turns: pd.DataFrame | None = None, *, edges: pd.DataFrame | None = None, band: float = 0.05,
                n_perm: int = 1000, random_state: int | None = 0, include_self: bool = False) -> pd.DataFrame:
    """3 x 3 gesture -> response sentiment transition table with a permutation null.

    Each turn's compound sentiment s is classed ``negative`` (s <= -band),
    ``positive`` (s >= band) or ``neutral``. For gesture class g and response
    class r, ``count`` n_gr is the number of edges; ``p_response_given_gesture``
    = n_gr / n_g.; ``lift_marginal`` = P(r | g) / P(r) (1 = independence).
    The null shuffles the response sentiments among the edges *of the same
    conversation* (``n_perm`` times, seeded), which keeps each conversation's
    mix of gesture and response classes and breaks only the pairing;
    ``expected`` is the mean null count, ``lift`` = n_gr / expected, and the
    one-sided permutation p-values are p_greater = (1 + #{null >= n_gr}) /
    (1 + n_perm) and p_less = (1 + #{null <= n_gr}) / (1 + n_perm).

    Parameters
    ----------
    turns
        Turn table with ``sentiment`` (ignored when ``edges`` is given).
    edges
        The table of :func:`stacey.dynamics.edges.edges`.
    band
        Half-width of the neutral band (VADER's 0.05).
    include_self
        Keep self-replies (default: left out; a speaker answering themself is not contagion between people).

    Returns
    -------
    DataFrame, 9 rows, columns ``gesture_class``, ``response_class``, ``count``,
    ``gesture_total``, ``p_response_given_gesture``, ``p_response``,
    ``lift_marginal``, ``expected``, ``null_sd``, ``lift``, ``p_greater``,
    ``p_less``, ``n_edges``, ``n_perm``.
    """
    e = _edges(turns, edges, include_self, ["conversation_id", "gesture_sentiment", "response_sentiment"])
    g = _class_codes(e["gesture_sentiment"].to_numpy(dtype=float), band)
    r = _class_codes(e["response_sentiment"].to_numpy(dtype=float), band)
    n = len(e)
    observed = np.bincount(g * 3 + r, minlength=9).astype(float)

    conv = pd.factorize(e["conversation_id"])[0]
    order = np.argsort(conv, kind="stable")
    g_s, r_s, conv_s = g[order], r[order], conv[order].astype(float)
    rng = np.random.default_rng(random_state)
    null = np.empty((n_perm, 9))
    batch = max(1, int(500_000 // max(n, 1)))
    for start in range(0, n_perm, batch):
        b = min(batch, n_perm - start)
        keys = rng.random((b, n)) + conv_s[None, :]
        perm = np.argsort(keys, axis=1)
        idx = g_s[None, :] * 3 + r_s[perm] + 9 * np.arange(b)[:, None]
        null[start:start + b] = np.bincount(idx.ravel(), minlength=9 * b).reshape(b, 9)

    expected = null.mean(axis=0)
    rows = []
    g_tot = observed.reshape(3, 3).sum(axis=1)
    r_tot = observed.reshape(3, 3).sum(axis=0)
    for gi, gc in enumerate(CLASSES):
        for ri, rc in enumerate(CLASSES):
            k = gi * 3 + ri
            p_rg = observed[k] / g_tot[gi] if g_tot[gi] else np.nan
            p_r = r_tot[ri] / n if n else np.nan
            rows.append({
                "gesture_class": gc, "response_class": rc, "count": int(observed[k]),
                "gesture_total": int(g_tot[gi]), "p_response_given_gesture": p_rg, "p_response": p_r,
                "lift_marginal": p_rg / p_r if p_r else np.nan,
                "expected": expected[k], "null_sd": null[:, k].std(ddof=1) if n_perm > 1 else np.nan,
                "lift": observed[k] / expected[k] if expected[k] > 0 else np.nan,
                "p_greater": (1 + (null[:, k] >= observed[k]).sum()) / (1 + n_perm),
                "p_less": (1 + (null[:, k] <= observed[k]).sum()) / (1 + n_perm),
                "n_edges": n, "n_perm": n_perm,
            })
    return pd.DataFrame(rows)


def contagion_regression(turns: pd.DataFrame, *, edges: pd.DataFrame | None = None,
                         include_self: bool = False) -> pd.DataFrame:
    """Regress response sentiment on gesture sentiment, with the responder's own baseline.

    Model (ordinary least squares, one row per edge):

        s_response = b0 + b1 * s_gesture + b2 * baseline_responder + e

    where baseline_responder is the mean sentiment of all the responder's
    *other* turns in the table (leave-one-out, so the response does not
    predict itself). b1 is the contagion coefficient: how much a response's
    tone follows its gesture's beyond the responder's usual tone. Edges whose
    responder has no other turn are left out. Standard errors are
    heteroskedasticity-robust HC1 (White 1980; MacKinnon and White 1985),
    computed with numpy; p-values and 95% intervals from Student's t with
    n - 3 degrees of freedom (scipy). statsmodels is not required.
    Edges are not independent (speakers and threads recur), so read the
    p-values as descriptive.

    Returns
    -------
    DataFrame, one row per term (``intercept``, ``gesture_sentiment``,
    ``responder_baseline``), columns ``term``, ``coef``, ``se`` (HC1),
    ``t``, ``p_value``, ``ci_low``, ``ci_high``, ``n``, ``r2``.
    """
    require(turns, ["id", "speaker", "sentiment"], hint="run stacey.annotate first")
    e = _edges(turns, edges, include_self, ["response_speaker", "gesture_sentiment", "response_sentiment"])
    # each speaker's sum and count of sentiment, grouped on integer speaker codes (no string per turn)
    code, names = pd.factorize(turns["speaker"].astype("string"))
    sentiment = turns["sentiment"].to_numpy(dtype=float)
    ok = (code >= 0) & ~np.isnan(sentiment)
    tot = pd.Series(sentiment[ok]).groupby(code[ok]).agg(["sum", "count"])
    del code, sentiment, ok
    who = index_in(e["response_speaker"], pd.Series(names))
    # the response's own sentiment, taken out of its speaker's sum (the edge carries the turn's sentiment)
    resp_s = e["response_sentiment"].to_numpy(dtype=float)
    spk_sum = tot["sum"].reindex(who).to_numpy(dtype=float)
    spk_n = tot["count"].reindex(who).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        base = (spk_sum - resp_s) / (spk_n - 1)
    keep = np.isfinite(base) & (spk_n > 1)
    y = e["response_sentiment"].to_numpy(dtype=float)[keep]
    x = np.column_stack([np.ones(keep.sum()), e["gesture_sentiment"].to_numpy(dtype=float)[keep], base[keep]])
    terms = ["intercept", "gesture_sentiment", "responder_baseline"]
    n, k = x.shape
    if n <= k:
        return pd.DataFrame({"term": terms, "coef": np.nan, "se": np.nan, "t": np.nan, "p_value": np.nan,
                             "ci_low": np.nan, "ci_high": np.nan, "n": n, "r2": np.nan})
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    xtx_inv = np.linalg.pinv(x.T @ x)
    meat = (x * resid[:, None] ** 2).T @ x
    cov = xtx_inv @ meat @ xtx_inv * n / (n - k)
    se = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        tval = coef / se
    dof = n - k
    p = 2 * stats.t.sf(np.abs(tval), dof)
    q = stats.t.ppf(0.975, dof)
    ss_tot = ((y - y.mean()) ** 2).sum()
    r2 = 1 - (resid ** 2).sum() / ss_tot if ss_tot > 0 else np.nan
    return pd.DataFrame({"term": terms, "coef": coef, "se": se, "t": tval, "p_value": p,
                         "ci_low": coef - q * se, "ci_high": coef + q * se, "n": n, "r2": r2})
