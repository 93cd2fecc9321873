import numpy as np
import pandas as pd
import pytest

from stacey.dynamics._lemmas import lemma_codes, naive_utc


def _sets(indptr, codes, vocab):
    return [{vocab[c] for c in codes[indptr[i]:indptr[i + 1]]} for i in range(len(indptr) - 1)]


def test_lemma_codes_distinct_sorted_vocabulary():
    lem = pd.Series(["b a b", None, "c  a", "", "æble a"], dtype="string")
    indptr, codes, vocab = lemma_codes(lem)
    assert vocab == ["a", "b", "c", "æble"]  # code point order, as sorted() and a string sort give
    assert indptr.tolist() == [0, 2, 2, 4, 4, 6]
    assert _sets(indptr, codes, vocab) == [{"a", "b"}, set(), {"a", "c"}, set(), {"a", "æble"}]
    assert codes.dtype == np.int32


def test_lemma_codes_rows_and_vocabulary_across_blocks(monkeypatch):
    import stacey.dynamics._lemmas as mod

    monkeypatch.setattr(mod, "BLOCK", 2)  # rows spread over several blocks
    lem = pd.Series(["a b", "b", "c d", "a", "d e"], dtype="string")
    indptr, codes, vocab = lemma_codes(lem, rows=np.array([1, 2, 4]), vocabulary=["d", "b", "zz"])
    assert vocab == ["b", "d", "zz"]
    assert _sets(indptr, codes, vocab) == [{"b"}, {"d"}, {"d"}]
    with pytest.raises(ValueError, match="ascending"):
        lemma_codes(lem, rows=np.array([2, 1]))


def test_naive_utc_converts_tz_and_keeps_nat():
    ts = pd.Series(pd.to_datetime(["2024-01-01 01:00+01:00", None], utc=True))
    out = naive_utc(ts)
    assert out[0] == np.datetime64("2024-01-01T00:00") and np.isnat(out[1])
