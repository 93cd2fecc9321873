"""Inductive themes: non-negative matrix factorisation of the turns' TF-IDF lemma matrix.

NMF (Lee and Seung 1999) factors the turn x lemma TF-IDF matrix ``X ~ W H``;
each row of ``H`` is a theme (its heaviest lemmas label it), each row of ``W``
the turn's loading on the themes, normalised here to a mixture. NMF on TF-IDF
gives more coherent, more stable themes than LDA on short texts (O'Callaghan,
Greene, Carthy and Cunningham 2015), and with ``init="nndsvda"`` it is
deterministic.

Its vocabulary is the turns' content lemmas less two kinds of words that are
about talking rather than about what is talked of (both on by default, both
can be switched off): words of conversation management (greetings, thanks,
yes/no, discourse markers, weekdays and months; a bundled Danish and English
list, ``stop_words="conversation"``) and the words of the speakers' own names
(``drop_names=True``): people address each other by name ("Hej Morten"), and
without a named-entity tagger those names would otherwise become theme terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import chain
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix, vstack
from sklearn.decomposition import NMF, MiniBatchNMF
from sklearn.feature_extraction.text import TfidfVectorizer

from ..errors import StaceyError
from ._input import lemma_docs, require_lemmas
from .bilingual import load_lexicon, merge_translations
from .weights import mixture_entries, weights_frame

__all__ = ["NMFThemes", "npmi_coherence", "top_term_stability", "conversation_stop_words", "name_words"]

_TOKEN = r"\S+"
#: turns turned into documents, vectorised and mixed at a time (bounds the memory of fit and transform)
_BLOCK = 50_000
_DATA = Path(__file__).resolve().parent / "data"


@cache
def conversation_stop_words() -> frozenset[str]:
    """The bundled Danish and English words of conversation management, as written and lemmatised.

    ``stacey/themes/data/conversation_stopwords.yaml`` (greetings, thanks,
    yes/no, discourse markers, weekdays, months); each word also in the form
    the lookup lemmatizer of its language gives it, so it meets the lemmas
    ``stacey.annotate`` writes. Phrases are split into their words. The
    tables are read for these words and let go (``lemma_table`` without its
    process-wide cache): kept, they would hold about 110 MB for the rest of a
    run that does not lemmatise in this process.
    """
    from ..text.nlp import lemma_table, lemmatize

    spec = yaml.safe_load((_DATA / "conversation_stopwords.yaml").read_text(encoding="utf-8"))
    out: set[str] = set()
    for lang, words in spec.items():
        table = lemma_table.__wrapped__(str(lang))
        for phrase in words:
            for w in str(phrase).lower().split():
                out.add(w)
                if table:
                    out.add(lemmatize(w, table))
        del table
    return frozenset(out)


def name_words(turns: pd.DataFrame) -> frozenset[str]:
    """Lower-cased words (letters only, two or more) of the speakers' names.

    Taken from ``speaker`` and, when present, ``meta.name`` and
    ``meta.speaker_key``; for an address ``anne.mikkelsen@x.example`` the part
    before ``@``.
    """
    cols = [c for c in ("speaker", "meta.name", "meta.speaker_key") if c in turns.columns]
    out: set[str] = set()
    for c in cols:
        for key in turns[c].dropna().astype(str).unique():
            key = key.split("@", 1)[0]
            out.update(w for w in re.findall(r"[^\W\d_]+", key.lower()) if len(w) >= 2)
    return frozenset(out)


def _drop(docs: Iterable[str], words: frozenset[str]) -> list[str]:
    return [" ".join(t for t in doc.split() if t not in words) for doc in docs] if words else list(docs)


def npmi_coherence(X: csr_matrix, top: Sequence[Sequence[int]]) -> float:
    """Mean normalised PMI of the top-term pairs of each theme, documents as windows.

    ``NPMI(a, b) = log(P(a, b) / (P(a) P(b))) / -log P(a, b)`` with ``P`` the
    share of turns containing the term(s); a pair never seen together scores
    -1 (Bouma 2009; as a topic coherence: Aletras and Stevenson 2013, Röder,
    Both and Hinneburg 2015, C_NPMI). Averaged over pairs, then over themes.
    """
    X = csr_matrix(X)
    n = X.shape[0]
    scores = []
    for terms in top:
        terms = list(terms)
        if len(terms) < 2:
            continue
        sub = (X[:, terms] > 0).astype(np.float64)  # only the theme's columns, not a copy of the matrix
        co = (sub.T @ sub).toarray() / n
        p = np.diag(co)
        vals = []
        for a in range(len(terms)):
            for b in range(a + 1, len(terms)):
                pab = co[a, b]
                if pab <= 0:
                    vals.append(-1.0)
                elif pab >= 1:
                    vals.append(1.0)
                else:
                    vals.append(float(np.log(pab / (p[a] * p[b])) / -np.log(pab)))
        scores.append(np.mean(vals))
    return float(np.mean(scores)) if scores else float("nan")


def top_term_stability(reference: Sequence[Sequence[int]], others: Sequence[Sequence[Sequence[int]]]) -> float:
    """Agreement of themes refit on resamples with the reference themes (Greene, O'Callaghan and Cunningham 2014).

    Each resampled model's themes are matched one-to-one to the reference
    themes (Hungarian assignment, Kuhn 1955) maximising the Jaccard index of
    their top-term sets, ``J(A, B) = |A & B| / |A | B|``; stability is the
    mean matched Jaccard over themes and resamples, in [0, 1].
    """
    ref = [set(t) for t in reference]
    vals = []
    for model in others:
        cand = [set(t) for t in model]
        sim = np.array([[len(a & b) / len(a | b) if a | b else 0.0 for b in cand] for a in ref])
        rows, cols = linear_sum_assignment(-sim)
        vals.append(sim[rows, cols].sum() / len(ref))
    return float(np.mean(vals)) if vals else float("nan")


class NMFThemes:
    """Themes found in the corpus: NMF on TF-IDF of the turns' content lemmas.

    Parameters
    ----------
    n_themes
        Number of themes *k*; ``None`` chooses it from ``k_range`` by
        ``score(k) = stability(k) * (1 + coherence(k)) / 2``: the NPMI top-term
        coherence of the fitted themes (:func:`npmi_coherence`) times their
        stability under refitting on ``n_resamples`` random 80% subsamples
        (:func:`top_term_stability`). Both reward themes that are real patterns
        of co-use rather than artefacts of one fit; the product needs both.
    random_state
        Seed for the NMF solver and the resamples; same input and seed give
        identical tables.
    k_range
        ``(low, high)`` inclusive range of *k* tried when ``n_themes`` is None
        (capped by the number of turns and terms).
    n_top
        Number of top terms kept per theme (labels use the first three).
    min_df, max_df
        Vocabulary limits of the TF-IDF vectoriser (counts or shares of turns).
    max_features
        Vocabulary size cap (most frequent lemmas).
    min_weight
        Theme weights below this share of a turn's mixture are dropped (and the
        rest renormalised), so the long table lists the themes really in play.
    lexicon
        Translation lexicon merged before TF-IDF (see
        :func:`stacey.themes.bilingual.merge_translations`): ``"auto"`` uses the
        bundled Danish-English lexicon when the turns have a ``lang`` column
        with at least 5% of turns in each of ``da`` and ``en``; ``"da-en"``
        always; ``None`` never; or a path / mapping.
    online
        Fit with :class:`sklearn.decomposition.MiniBatchNMF` (online NMF,
        Mairal et al. 2010) in batches of ``batch_size`` turns; ``None`` does so
        when there are more than 50,000 turns. The choice of *k* then runs on a
        20,000-turn sample.
    batch_size
        Turns per mini-batch when fitting online.
    n_resamples
        Resampled fits per *k* for the stability criterion.
    max_iter
        Iterations of the NMF solver.
    stop_words
        Words left out of the vocabulary besides the annotator's stop words:
        ``"conversation"`` (default) the bundled words of conversation
        management (:func:`conversation_stop_words`), ``None`` none, or an
        iterable of lemmas.
    drop_names
        Leave the words of the speakers' names out of the vocabulary
        (:func:`name_words`).

    Attributes
    ----------
    n_themes_ : int
    themes_ : DataFrame
        ``theme``, ``label``, ``top_terms`` ("; "-joined), ``n_turns`` (turns of
        the fitted corpus whose mixture holds the theme), ``weight`` (share of
        all theme weight), ``coherence`` (NPMI of its top terms).
    k_scores_ : DataFrame or None
        ``k``, ``coherence``, ``stability``, ``score`` for each *k* tried.
    vectorizer_, model_, lexicon_
        The fitted TF-IDF vectoriser, NMF model and the lexicon used (or None).
    excluded_ : frozenset of str
        The words left out of the vocabulary (stop words and name words).

    Notes
    -----
    Memory: documents, TF-IDF rows and theme mixtures are made 50,000 turns at
    a time and the weights are computed once in :meth:`fit_transform`; what
    remains is the term matrix of the fitted turns and scikit-learn's solver.
    At 1M turns and 12 themes its ``nndsvda`` start (a randomized SVD holding
    dense turns x (k + 10) float64 matrices) adds about 0.7 GB for a moment.
    """

    def __init__(self, n_themes: int | None = None, *, random_state: int = 0, k_range: tuple[int, int] = (2, 20),
                 n_top: int = 10, min_df: int | float = 2, max_df: float = 0.5, max_features: int | None = 20000,
                 min_weight: float = 0.05, lexicon: str | PathLike[str] | Mapping[str, str] | None = "auto",
                 online: bool | None = None, batch_size: int = 2048, n_resamples: int = 3, max_iter: int = 400,
                 stop_words: str | Iterable[str] | None = "conversation", drop_names: bool = True) -> None:
        self.n_themes = n_themes
        self.random_state = random_state
        self.k_range = k_range
        self.n_top = n_top
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.min_weight = min_weight
        self.lexicon = lexicon
        self.online = online
        self.batch_size = batch_size
        self.n_resamples = n_resamples
        self.max_iter = max_iter
        self.stop_words = stop_words
        self.drop_names = drop_names

    # -- helpers -----------------------------------------------------------------
    def _pick_lexicon(self, turns: pd.DataFrame) -> dict[str, str] | None:
        if self.lexicon is None:
            return None
        if isinstance(self.lexicon, str) and self.lexicon == "auto":
            if "lang" not in turns.columns or not len(turns):
                return None
            share = turns["lang"].astype(str).value_counts(normalize=True)
            if share.get("da", 0.0) >= 0.05 and share.get("en", 0.0) >= 0.05:
                return load_lexicon("da-en")
            return None
        return load_lexicon(self.lexicon)

    def _excluded(self, turns: pd.DataFrame) -> frozenset[str]:
        if self.stop_words is None:
            words: frozenset[str] = frozenset()
        elif isinstance(self.stop_words, str):
            if self.stop_words != "conversation":
                raise StaceyError(f"stop_words={self.stop_words!r}: expected 'conversation', None or a list of lemmas")
            words = conversation_stop_words()
        else:
            words = frozenset(str(w).lower() for w in self.stop_words)
        return words | name_words(turns) if self.drop_names else words

    def _doc_blocks(self, turns: pd.DataFrame) -> Iterator[list[str]]:
        """The turns' documents (lemmas less excluded words, translations merged), :data:`_BLOCK` turns at a time."""
        for start in range(0, len(turns), _BLOCK):
            docs = _drop(lemma_docs(turns.iloc[start:start + _BLOCK]), self.excluded_)
            yield merge_translations(docs, self.lexicon_) if self.lexicon_ else docs

    def _docs(self, turns: pd.DataFrame) -> Iterator[str]:
        return chain.from_iterable(self._doc_blocks(turns))

    def _matrix(self, turns: pd.DataFrame) -> csr_matrix:
        """TF-IDF matrix of all turns, vectorised a block at a time (each row depends on its turn only)."""
        blocks = [self.vectorizer_.transform(docs) for docs in self._doc_blocks(turns)]
        if not blocks:
            return self.vectorizer_.transform([])
        X = blocks[0] if len(blocks) == 1 else vstack(blocks, format="csr")
        del blocks
        return X

    def _model(self, k: int, seed: int, online: bool) -> NMF | MiniBatchNMF:
        if online:
            return MiniBatchNMF(n_components=k, init="nndsvda", batch_size=self.batch_size,
                                random_state=seed, max_iter=self.max_iter)
        return NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=self.max_iter)

    def _top(self, H: np.ndarray) -> list[list[int]]:
        n = min(self.n_top, H.shape[1])
        return [list(np.argsort(-row, kind="stable")[:n]) for row in H]

    def _choose_k(self, X: csr_matrix, online: bool) -> pd.DataFrame:
        rng = np.random.default_rng(self.random_state)
        n_docs, n_terms = X.shape
        if n_docs > 20000:
            X = X[np.sort(rng.choice(n_docs, 20000, replace=False))]
            n_docs = 20000
        low, high = self.k_range
        high = min(high, n_docs - 1, n_terms - 1)
        rows = []
        for k in range(max(2, low), high + 1):
            H = self._model(k, self.random_state, online).fit(X).components_
            top = self._top(H)
            others = []
            for s in range(self.n_resamples):
                idx = np.sort(np.random.default_rng(self.random_state + 1 + s).choice(
                    n_docs, max(k + 1, int(0.8 * n_docs)), replace=False))
                others.append(self._top(self._model(k, self.random_state, online).fit(X[idx]).components_))
            coh = npmi_coherence(X, top)
            stab = top_term_stability(top, others)
            rows.append({"k": k, "coherence": coh, "stability": stab, "score": stab * (1 + coh) / 2})
        if not rows:
            raise StaceyError(f"too few turns ({n_docs}) or terms ({n_terms}) to choose a number of themes")
        return pd.DataFrame(rows)

    # -- public API --------------------------------------------------------------
    def fit(self, turns: pd.DataFrame) -> NMFThemes:
        """Learn the vocabulary, choose *k* if needed and fit the themes; returns ``self``."""
        self._fit(turns)
        return self

    def _fit(self, turns: pd.DataFrame) -> pd.DataFrame:
        """Fit and return the theme weights of ``turns`` (computed once for ``themes_`` and ``fit_transform``)."""
        require_lemmas(turns)
        self.lexicon_ = self._pick_lexicon(turns)
        self.excluded_ = self._excluded(turns)
        n_docs = len(turns)
        online = self.online if self.online is not None else n_docs > 50000
        min_df = self.min_df if self._has_content(turns, 20) else 1
        self.vectorizer_ = TfidfVectorizer(token_pattern=_TOKEN, lowercase=False, sublinear_tf=True, min_df=min_df,
                                           max_df=self.max_df if n_docs >= 20 else 1.0,
                                           max_features=self.max_features)
        try:  # the documents are streamed to the vectoriser, never held as one list
            X = self.vectorizer_.fit_transform(self._docs(turns))
        except ValueError as exc:
            raise StaceyError(f"no content lemmas to fit themes on ({exc})") from exc
        keep = np.asarray(X.sum(axis=1)).ravel() > 0
        Xf = X if keep.all() else X[keep]
        del X, keep
        if self.n_themes is None:
            self.k_scores_ = self._choose_k(Xf, online)
            best = self.k_scores_.sort_values(["score", "k"], ascending=[False, True], kind="stable").iloc[0]
            self.n_themes_ = int(best["k"])
        else:
            self.k_scores_ = None
            self.n_themes_ = int(self.n_themes)
        if self.n_themes_ > min(Xf.shape):
            raise StaceyError(f"n_themes={self.n_themes_} exceeds the {Xf.shape[0]} turns with content or "
                              f"the {Xf.shape[1]} terms")
        self.model_ = self._model(self.n_themes_, self.random_state, online).fit(Xf)
        self.theme_ids_ = [f"T{i + 1:02d}" for i in range(self.n_themes_)]
        vocab = self.vectorizer_.get_feature_names_out()
        tops = self._top(self.model_.components_)
        coherence = [npmi_coherence(Xf, [t]) for t in tops]
        del Xf  # the weights below vectorise the turns again, a block at a time
        weights = self.transform(turns)
        n_turns = weights.groupby("theme")["id"].nunique()
        total = weights.groupby("theme")["weight"].sum()
        self.themes_ = pd.DataFrame({
            "theme": self.theme_ids_,
            "label": [", ".join(vocab[i] for i in t[:3]) for t in tops],
            "top_terms": ["; ".join(vocab[i] for i in t) for t in tops],
            "n_turns": [int(n_turns.get(t, 0)) for t in self.theme_ids_],
            "weight": [float(total.get(t, 0.0) / total.sum()) if total.sum() else 0.0 for t in self.theme_ids_],
            "coherence": coherence,
        })
        return weights

    def _has_content(self, turns: pd.DataFrame, n: int) -> bool:
        """Whether at least ``n`` turns have a document left after the excluded words are dropped."""
        found = 0
        for docs in self._doc_blocks(turns):
            found += sum(bool(d) for d in docs)
            if found >= n:
                return True
        return False

    def transform(self, turns: pd.DataFrame) -> pd.DataFrame:
        """Theme weights per turn.

        Returns
        -------
        DataFrame
            Long table ``id``, ``theme``, ``weight``: one row per turn and theme
            with weight > 0; the rows of a turn sum to 1 (a turn with no known
            lemma has no rows). Sorted by turn order, then theme.
        """
        if not hasattr(self, "model_"):
            raise StaceyError("NMFThemes is not fitted: call fit(turns) first")
        require_lemmas(turns)
        X = self._matrix(turns)
        # the solver's start and stopping rule use the whole matrix, so W is solved for all turns at once
        W = self.model_.transform(X) if X.shape[0] else np.zeros((0, self.n_themes_))
        del X
        parts = []  # the mixture of each turn depends on its row only: a block of rows at a time
        for start in range(0, W.shape[0], _BLOCK):
            rows, cols, values = mixture_entries(W[start:start + _BLOCK], min_weight=self.min_weight)
            parts.append((rows + start, cols, values))
        del W
        rows, cols, values = (np.concatenate(p) for p in zip(*parts, strict=True)) if parts else (
            np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        del parts
        return weights_frame(turns["id"].astype(str), self.theme_ids_, rows, cols, values)

    def fit_transform(self, turns: pd.DataFrame) -> pd.DataFrame:
        """``fit(turns).transform(turns)``, the weights computed once."""
        return self._fit(turns)
