"""Theme boundaries: where the theme of a conversation changes (topic segmentation).

A turn opens a new segment when it coheres little with the turns just before
it, more with the turns just after it, and opens an exchange (asks) rather
than answering one. Five series describe each turn *i* of a conversation
(``w`` turns on each side, vectors L2-normalised per turn):

- ``lex_back = cos(x_i, sum_{d=1..w} x_{i-d})`` and ``lex_fwd = cos(x_i,
  sum_{d=1..w} x_{i+d})`` on TF-IDF lemma vectors ``x`` (lexical cohesion,
  Halliday and Hasan 1976; its drop is TextTiling's cue, Hearst 1997);
- ``sem_back`` and ``sem_fwd``, the same on semantic vectors: latent semantic
  analysis of the corpus's own lemma matrix (Deerwester et al. 1990; truncated
  SVD, so words that co-occur across turns count as related), or the turns'
  theme mixtures when ``weights`` are given;
- ``asks``: the turn holds a question mark, and ``prev_asks``: the turn before
  does (a new topic is usually opened by a question, not given in an answer;
  cf. topic initiation in conversation analysis, Button and Casey 1984).

The boundary score is a logistic combination, ``score_i = 1 / (1 + exp(-(b_0
+ sum_f b_f f_i)))``; the coefficients were fitted once on the TIAGE training
dialogues (Xie et al. 2021) with :func:`fit_boundary_model` and the threshold
chosen there for the lowest Pk; the development split checked both (see
``benchmarks/topic_segmentation.py`` and ``docs/themes.md``). A turn opens a
segment when its score exceeds ``threshold``; the first turn of a
conversation never does.

:func:`topic_tiling` segments on a theme model's mixtures instead, the
TopicTiling way (Riedl and Biemann 2012): where the themes of the turns before
a point and of the turns after it are least alike, relative to the
neighbouring points (TextTiling's depth score, Hearst 1997). It needs no
training data and follows the theme model the researcher chose (a codebook or
NMF), so it is the method to use when a boundary means "the dominant theme
changes".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from ..themes._input import ordered, require_lemmas
from ..themes.mixtures import check_weights
from ._common import only, theme_array
from ._series import conv_codes, runs

__all__ = ["FEATURES", "COEFFICIENTS", "THRESHOLD", "boundary_features", "boundary_scores", "theme_boundaries",
           "fit_boundary_model", "tiling_scores", "topic_tiling"]

FEATURES = ("lex_back", "lex_fwd", "sem_back", "sem_fwd", "asks", "prev_asks")

#: Logistic coefficients (intercept first, then FEATURES), fitted on TIAGE train
#: by ``benchmarks/topic_segmentation.py --fit`` (window 2, LSA semantic vectors).
COEFFICIENTS: dict[str, float] = {
    "intercept": -1.47, "lex_back": -2.66, "lex_fwd": 0.6, "sem_back": -0.97, "sem_fwd": 0.55,
    "asks": 1.49, "prev_asks": -1.16,
}
#: Score above which a turn opens a segment (lowest Pk on TIAGE train).
THRESHOLD = 0.44


def _semantic(X: np.ndarray, random_state: int, n_components: int) -> np.ndarray:
    k = min(n_components, X.shape[1] - 1, X.shape[0] - 1)
    if k < 2:
        return X
    return normalize(TruncatedSVD(n_components=k, random_state=random_state).fit_transform(X))


#: Turns per block of conversations whose TF-IDF rows :func:`boundary_features` makes at once.
BLOCK_TURNS = 50_000


def _vectorizer(**options: object) -> TfidfVectorizer:
    """The lexical vectoriser of :func:`boundary_features`: TF-IDF of the lemmas, log-scaled term counts."""
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, **options)


def _tfidf_fit(docs: Iterable[str]) -> tuple[dict[str, int], np.ndarray, np.ndarray] | None:
    """What ``_vectorizer().fit`` learns, in one pass over ``docs`` without the document-term matrix.

    Returns ``(vocabulary, column, idf)``: the terms numbered in order of first
    appearance (as ``CountVectorizer`` numbers them while counting), the
    alphabetical column of each (``CountVectorizer._sort_features``) and the
    smoothed idf of each column, ``idf_j = ln((1 + n) / (1 + df_j)) + 1`` with
    ``df_j`` the number of the *n* documents holding term *j*
    (``TfidfTransformer.fit``, ``smooth_idf=True``; Sparck Jones 1972). None
    when there is no term. :func:`_tfidf_rows` then gives the rows of
    ``normalize(_vectorizer().fit_transform(docs))`` block by block, to the
    last bit (the tests check this).
    """
    analyze = _vectorizer().build_analyzer()
    vocabulary: dict[str, int] = {}
    df: list[int] = []
    n = 0
    for doc in docs:
        n += 1
        seen = set()
        for term in analyze(doc):
            j = vocabulary.setdefault(term, len(vocabulary))
            if j == len(df):
                df.append(0)
            seen.add(j)
        for j in seen:
            df[j] += 1
    if not vocabulary:
        return None
    column = np.empty(len(vocabulary), dtype=np.int32)
    for new, (_term, old) in enumerate(sorted(vocabulary.items())):
        column[old] = new
    freq = np.zeros(len(vocabulary), dtype=np.float64)
    freq[column] = df
    # TfidfTransformer.fit, smooth_idf=True, in its order of operations
    freq += 1.0
    idf = np.full_like(freq, fill_value=n + 1, dtype=np.float64)
    idf /= freq
    np.log(idf, out=idf)
    idf += 1.0
    return vocabulary, column, idf


def _tfidf_rows(docs: Iterable[str], vocabulary: dict[str, int], column: np.ndarray, idf: np.ndarray
                ) -> sparse.csr_matrix:
    """The rows of ``normalize(_vectorizer().fit_transform(all docs))`` for ``docs``, from :func:`_tfidf_fit`.

    ``CountVectorizer`` counts over the vocabulary in order of first
    appearance, so each row's entries are stored in the order the fitted
    vectoriser stores them (which fixes the order of the sums in the row
    norms); they are relabelled to the alphabetical columns, then weighted by
    ``TfidfTransformer``'s steps: ``1 + ln(tf)``, times the idf, unit L2 norm
    per row; then unit norm once more, as :func:`boundary_features` normalises
    the fitted vectoriser's output.
    """
    counts = CountVectorizer(token_pattern=r"\S+", lowercase=False, vocabulary=vocabulary).transform(docs)
    # built from its arrays: the entries keep their order (scipy's astype would sort them)
    X = sparse.csr_matrix((counts.data.astype(np.float64), column.take(counts.indices, mode="clip"),
                           counts.indptr), shape=counts.shape)
    np.log(X.data, X.data)
    X.data += 1.0
    X.data *= idf[X.indices]
    return normalize(normalize(X, copy=False), copy=False)


def _docs(lemmas: pd.Series, order: np.ndarray, batch: int = 65_536) -> Iterator[str]:
    """:func:`stacey.themes._input.lemma_docs` of ``lemmas`` taken in ``order``, made a batch at a time.

    A generator, so a large corpus's lemmas are never all held as Python strings at once.
    """
    for start in range(0, len(order), batch):
        for v in lemmas.iloc[order[start:start + batch]].astype(object):
            yield str(v).lower() if isinstance(v, str) else ""


def _asks(text: pd.Series) -> np.ndarray:
    """1.0 where the text holds a question mark, else 0.0 (null text: 0.0)."""
    if isinstance(text.dtype, pd.StringDtype):
        # in Arrow: no Python string per turn
        import pyarrow as pa
        import pyarrow.compute as pc

        # the column's own (chunked) Arrow data: pa.array() would join the chunks into a copy of every text
        arrow = text.array.__arrow_array__() if hasattr(text.array, "__arrow_array__") else pa.array(text)
        found = pc.match_substring(arrow, "?").fill_null(False)
        return found.to_numpy(zero_copy_only=False).astype(float)
    return text.astype(object).fillna("").astype(str).str.contains("?", regex=False).to_numpy(dtype=float)


def boundary_features(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, window: int = 2,
                      n_components: int = 100, random_state: int = 0) -> pd.DataFrame:
    """The series the boundary score combines, one row per turn (see the module docstring).

    Parameters
    ----------
    turns
        Turn table with ``lemmas`` (and ``text`` for the question cue).
    weights
        Optional long theme table ``id, theme, weight``; when given, the
        semantic vectors are the theme mixtures instead of LSA vectors.
    window
        Turns compared on each side.
    n_components
        Dimensions of the LSA space (capped by the corpus size).
    random_state
        Seed of the truncated SVD.

    Returns
    -------
    DataFrame
        ``conversation_id``, ``id``, ``turn``, then the columns of ``FEATURES``
        (float64; the cohesion columns are 0 where a side is empty or has no
        content); conversation order.
    """
    require_lemmas(turns)
    # sort ids and positions only; the lemmas and texts are read in that order from the table as it is
    t = ordered(only(turns, ["id", "conversation_id", "turn"]).assign(_row=np.arange(len(turns))))
    order = t["_row"].to_numpy()
    lemmas = turns["lemmas"]
    has_docs = any(_docs(lemmas, order))
    # with theme weights the TF-IDF rows are made a block of conversations at a time (_tfidf_fit); LSA
    # needs the whole matrix
    fitted = _tfidf_fit(_docs(lemmas, order)) if has_docs and weights is not None else None
    X: np.ndarray | sparse.csr_matrix | None = None
    if fitted is None:
        if has_docs:
            X = normalize(_vectorizer().fit_transform(_docs(lemmas, order)), copy=False)
        else:
            X = np.zeros((len(t), 1))
    if weights is not None:
        # kept sparse: a dense turns x vocabulary matrix does not fit in memory for large corpora; each
        # conversation's rows are made dense in turn below (the same numbers, a conversation at a time)
        S = normalize(theme_array(check_weights(weights), t["id"])[0], copy=False)  # our own array
    else:
        X = X.toarray() if sparse.issparse(X) else X
        S = _semantic(X, random_state, n_components)
    asks = _asks(turns["text"])[order] if "text" in turns.columns else np.zeros(len(t))
    conv = t["conversation_id"].astype(str)
    feats = np.zeros((len(t), len(FEATURES)))

    def cos(M: np.ndarray, i: int, side: np.ndarray) -> float:
        if not len(side):
            return 0.0
        a, b = M[i], M[side].sum(axis=0)
        na, nb = np.linalg.norm(a), np.linalg.norm(b)
        return float(a @ b / (na * nb)) if na > 0 and nb > 0 else 0.0

    def block(conversations: list[np.ndarray]) -> None:
        at = np.concatenate(conversations)
        if fitted is not None:
            Xb = _tfidf_rows(_docs(lemmas, order[at]), *fitted)
        else:
            Xb = X[at]
        start = 0
        for rows in conversations:
            Xc = Xb[start:start + len(rows)]
            Xc = Xc.toarray() if sparse.issparse(Xc) else Xc
            start += len(rows)
            Sc = S[rows]
            for k, i in enumerate(rows):
                back = np.arange(max(0, k - window), k)
                fwd = np.arange(k + 1, min(len(rows), k + 1 + window))
                feats[i] = [cos(Xc, k, back), cos(Xc, k, fwd), cos(Sc, k, back), cos(Sc, k, fwd),
                            asks[i], asks[rows[k - 1]] if k > 0 else 0.0]

    pending: list[np.ndarray] = []
    size = 0
    for rows in runs(conv_codes(conv)):
        pending.append(rows)
        size += len(rows)
        if size >= BLOCK_TURNS:
            block(pending)
            pending, size = [], 0
    if pending:
        block(pending)
    out = pd.DataFrame(feats, columns=list(FEATURES))
    out.insert(0, "turn", t["turn"].astype("int64").to_numpy())
    out.insert(0, "id", pd.array(t["id"].astype(str), dtype="string"))
    out.insert(0, "conversation_id", conv.astype("string").array)
    return out


def boundary_scores(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, window: int = 2,
                    coefficients: Mapping[str, float] | None = None, random_state: int = 0) -> pd.DataFrame:
    """Boundary score of every turn: ``1 / (1 + exp(-(b_0 + sum_f b_f f_i)))``, 0 for opening turns.

    Returns
    -------
    DataFrame
        The columns of :func:`boundary_features` plus ``score`` (float64 in [0, 1]).
    """
    coef = dict(COEFFICIENTS if coefficients is None else coefficients)
    f = boundary_features(turns, weights, window=window, random_state=random_state)
    z = coef["intercept"] + sum(coef[name] * f[name].to_numpy() for name in FEATURES)
    score = 1.0 / (1.0 + np.exp(-z))
    score = np.where(f["turn"].to_numpy() == f.groupby("conversation_id", sort=False)["turn"].transform("min"),
                     0.0, score)
    return f.assign(score=score)


def theme_boundaries(turns: pd.DataFrame, weights: pd.DataFrame | None = None, *, window: int = 2,
                     threshold: float = THRESHOLD, coefficients: Mapping[str, float] | None = None,
                     random_state: int = 0) -> pd.DataFrame:
    """The first turn of each new theme segment, per conversation.

    A turn opens a segment when its :func:`boundary_scores` score exceeds
    ``threshold`` (the module docstring gives the series and the formula).

    Parameters
    ----------
    turns
        Turn table with ``lemmas`` (``stacey.annotate``) and ``text``.
    weights
        Optional theme weights: semantic cohesion on theme mixtures instead of LSA.
    window
        Turns compared on each side.
    threshold
        Score above which a turn opens a segment; lower it to find more.
    coefficients
        Override of :data:`COEFFICIENTS` (e.g. from :func:`fit_boundary_model`).
    random_state
        Seed of the LSA step.

    Returns
    -------
    DataFrame
        ``conversation_id``, ``id`` (first turn of the new segment), ``signal``
        (always ``"theme"``), ``score``; in conversation order. This is the
        form of the ``changepoints`` table of ``stacey analyze``.
    """
    s = boundary_scores(turns, weights, window=window, coefficients=coefficients, random_state=random_state)
    hit = s[s["score"] > threshold]
    return pd.DataFrame({"conversation_id": hit["conversation_id"].to_numpy(), "id": hit["id"].to_numpy(),
                         "signal": pd.array(["theme"] * len(hit), dtype="string"),
                         "score": hit["score"].to_numpy(dtype=float)}).astype(
        {"conversation_id": "string", "id": "string"})


def fit_boundary_model(features: pd.DataFrame, labels: Sequence[bool] | np.ndarray, *, C: float = 1.0) -> dict[str, float]:
    """Fit the boundary coefficients on labelled turns (logistic regression, L2, ``C``).

    Parameters
    ----------
    features
        Output of :func:`boundary_features` (opening turns are left out here).
    labels
        True where the turn opens a new segment, aligned with ``features``.

    Returns
    -------
    dict
        ``intercept`` and one coefficient per name in ``FEATURES``, rounded to
        2 decimals, ready for ``coefficients=``.
    """
    y = np.asarray(labels, dtype=bool)
    first = (features["turn"] == features.groupby("conversation_id", sort=False)["turn"].transform("min")).to_numpy()
    X = features.loc[~first, list(FEATURES)].to_numpy()
    clf = LogisticRegression(C=C, max_iter=2000).fit(X, y[~first])
    out = {"intercept": round(float(clf.intercept_[0]), 2)}
    out.update({name: round(float(b), 2) for name, b in zip(FEATURES, clf.coef_[0], strict=True)})
    return out


def tiling_scores(turns: pd.DataFrame, weights: pd.DataFrame, *, window: int = 3) -> pd.DataFrame:
    """Theme cohesion across each gap and its depth score, per conversation (TopicTiling).

    Only turns that carry a theme (a row in ``weights``) take part: a turn
    without theme words ("tak", an emoji) says nothing about which theme is
    in play. With ``p_j`` the theme mixtures of a conversation's *n*
    theme-carrying turns in ``turn`` order and ``w = window``, the gap before
    turn *k* (``k = 1 .. n-1``) has

    - cohesion ``c_k = cos(sum_{j=k-w}^{k-1} p_j, sum_{j=k}^{k+w-1} p_j)``
      (windows clipped at the ends): how alike the themes before and after
      the gap are (Riedl and Biemann 2012, "TopicTiling: a text segmentation
      algorithm based on LDA", ACL 2012 Student Research Workshop, with theme
      mixtures in place of LDA topic-id counts);
    - depth ``d_k = (c_l - c_k) + (c_r - c_k)``, with ``c_l`` the highest
      cohesion reached walking left from *k* while cohesion does not fall and
      ``c_r`` the same to the right (Hearst 1997, "TextTiling", Computational
      Linguistics 23(1)): how far the gap lies below the cohesion around it;
    - ``minimum``: the gap is a local minimum of cohesion (``c_k <= c_{k-1}``
      and ``c_k <= c_{k+1}`` where those exist).

    Parameters
    ----------
    turns
        Turn table (``id``, ``conversation_id``; ``turn`` derived if absent).
    weights
        Long theme weights ``id, theme, weight``.
    window
        Theme-carrying turns summed on each side of a gap.

    Returns
    -------
    DataFrame
        One row per theme-carrying turn after the first of its conversation:
        ``conversation_id``, ``id`` (the turn after the gap), ``turn``,
        ``cohesion``, ``depth``, ``minimum`` (bool); conversation order.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    t = ordered(only(turns, ["id", "conversation_id", "turn"]))
    M = theme_array(check_weights(weights), t["id"])[0]
    has = M.sum(axis=1) > 0
    # per gap: its row in t, cohesion, depth and minimum, filled conversation by conversation into arrays
    # (not a tuple per turn), for the conversations' theme-carrying rows (each a run of the sorted turns)
    at = np.empty(len(t), dtype=np.int64)
    cohesion = np.empty(len(t))
    depths = np.empty(len(t))
    minima = np.empty(len(t), dtype=bool)
    filled = 0
    for rows in runs(conv_codes(t["conversation_id"].astype(str))):
        idx = rows[has[rows]]
        n = len(idx)
        if n < 2:
            continue
        coh = np.zeros(n)
        for k in range(1, n):
            left = M[idx[max(0, k - window):k]].sum(axis=0)
            right = M[idx[k:k + window]].sum(axis=0)
            coh[k] = float(left @ right / (np.linalg.norm(left) * np.linalg.norm(right)))
        for k in range(1, n):
            lo = k
            while lo - 1 >= 1 and coh[lo - 1] >= coh[lo]:
                lo -= 1
            hi = k
            while hi + 1 < n and coh[hi + 1] >= coh[hi]:
                hi += 1
            depths[filled + k - 1] = (coh[lo] - coh[k]) + (coh[hi] - coh[k])
            minima[filled + k - 1] = (k == 1 or coh[k] <= coh[k - 1]) and (k == n - 1 or coh[k] <= coh[k + 1])
        at[filled:filled + n - 1] = idx[1:]
        cohesion[filled:filled + n - 1] = coh[1:]
        filled += n - 1
    at = at[:filled]
    return pd.DataFrame({"conversation_id": t["conversation_id"].astype(str).take(at).astype("string").array,
                         "id": t["id"].astype(str).take(at).astype("string").array,
                         "turn": t["turn"].to_numpy().take(at).astype("int64"),
                         "cohesion": cohesion[:filled], "depth": depths[:filled], "minimum": minima[:filled]})


def topic_tiling(turns: pd.DataFrame, weights: pd.DataFrame, *, window: int = 3, cutoff: str | float = "liberal"
                 ) -> pd.DataFrame:
    """Theme boundaries from the theme mixtures: TopicTiling (Riedl and Biemann 2012).

    A theme-carrying turn opens a new segment when the gap before it is a
    local minimum of theme cohesion whose depth score (:func:`tiling_scores`)
    exceeds the cutoff and is positive. The cutoff is computed per
    conversation from its depth scores, as in TextTiling (Hearst 1997) and
    TopicTiling: ``"liberal"`` ``mean(d) - sd(d) / 2``, ``"conservative"``
    ``mean(d)``; a number is used as it is.

    Parameters
    ----------
    turns
        Turn table (``id``, ``conversation_id``).
    weights
        Long theme weights ``id, theme, weight`` (a codebook or NMF model).
    window
        Theme-carrying turns compared on each side of a gap.
    cutoff
        ``"liberal"``, ``"conservative"`` or a fixed depth.

    Returns
    -------
    DataFrame
        ``conversation_id``, ``id`` (first turn of the new segment),
        ``signal`` (always ``"theme"``), ``score`` (the depth); in
        conversation order: the form of :func:`theme_boundaries`.
    """
    s = tiling_scores(turns, weights, window=window)
    keep = np.zeros(len(s), dtype=bool)
    for _, idx in s.groupby("conversation_id", sort=False).indices.items():
        d = s["depth"].to_numpy()[idx]
        if cutoff == "liberal":
            cut = d.mean() - d.std() / 2
        elif cutoff == "conservative":
            cut = d.mean()
        elif isinstance(cutoff, (int, float)) and not isinstance(cutoff, bool):
            cut = float(cutoff)
        else:
            raise ValueError("cutoff must be 'liberal', 'conservative' or a number")
        keep[idx] = s["minimum"].to_numpy()[idx] & (d > max(cut, 0.0))
    hit = s.loc[keep]
    return pd.DataFrame({"conversation_id": hit["conversation_id"].to_numpy(), "id": hit["id"].to_numpy(),
                         "signal": pd.array(["theme"] * len(hit), dtype="string"),
                         "score": hit["depth"].to_numpy(dtype=float)}).astype(
        {"conversation_id": "string", "id": "string"})
