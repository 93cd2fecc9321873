from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stacey.errors import SchemaError
from stacey.text.annotate import ANNOTATION_COLUMNS, annotate, annotate_chunks, sentences
from stacey.text.nlp import NlpError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/text/turns_mixed.csv"


@pytest.fixture
def turns():
    return pd.read_csv(FIXTURE)


def test_columns_types_and_input_untouched(turns):
    before = turns.copy()
    out = annotate(turns)
    pd.testing.assert_frame_equal(turns, before)
    assert list(out.columns) == list(turns.columns) + list(ANNOTATION_COLUMNS)
    assert out["n_words"].dtype == "int64"
    assert out["sentiment"].between(-1, 1).all()
    parts = out[["sentiment_pos", "sentiment_neg", "sentiment_neu"]].sum(axis=1)
    assert np.allclose(parts, 1.0)


def test_mixed_conversation_each_turn_gets_its_language_and_lexicon(turns):
    out = annotate(turns, lang="da").set_index("id")
    assert out.loc[["t1", "t3", "t6"], "lang"].tolist() == ["da", "da", "da"]
    assert out.loc[["t2", "t5"], "lang"].tolist() == ["en", "en"]
    assert out.loc["t4", "lang"] == "da"  # "ok": unsure, the corpus default
    assert out.loc["t2", "sentiment"] > 0.5  # English lexicon: great, love, 👍
    assert out.loc["t5", "sentiment"] < 0  # not good, terrible
    assert out.loc["t3", "sentiment"] > 0  # Danish: super, tak, 😊
    assert out.loc["t6", "sentiment"] < 0  # Danish: virkelig frustrerende 😡
    assert "frustrere" in out.loc["t6", "lemmas"] and "det" not in out.loc["t6", "lemmas"].split()
    assert "love" in out.loc["t2", "lemmas"] and "the" not in out.loc["t2", "lemmas"].split()


def test_und_without_default(turns):
    out = annotate(turns).set_index("id")
    assert out.loc["t4", "lang"] == "und"


def test_spacy_engine_gives_the_same_result(turns):
    a = annotate(turns, cache=False)
    b = annotate(turns, cache=False, nlp_engine="spacy")
    pd.testing.assert_frame_equal(a, b)


def test_cache_hit_does_not_recompute(turns, monkeypatch):
    import stacey.text.annotate as mod

    first = annotate(turns, lang="da")
    calls = []
    real = mod._work_fast
    monkeypatch.setattr(mod, "_work_fast", lambda item: calls.append(item) or real(item))
    again = annotate(turns, lang="da")
    assert calls == []
    pd.testing.assert_frame_equal(first, again)
    annotate(turns, lang="da", cache=False)
    assert len(calls) == len(turns)


def test_cache_stores_no_raw_text(turns, tmp_path):
    annotate(turns, lang="da")
    raw = (tmp_path / "cache" / "annotations.sqlite").read_bytes()
    assert b"frustrerende" not in raw and "mødet".encode() not in raw


def test_other_backend_and_missing_columns(turns):
    out = annotate(turns, backend="vader", lang="da").set_index("id")
    assert out.loc["t2", "sentiment"] > 0 and np.isnan(out.loc["t1", "sentiment"])
    with pytest.raises(SchemaError, match="'id' and 'text'"):
        annotate(turns.drop(columns="text"))


def test_named_missing_pipeline(turns):
    with pytest.raises(NlpError, match="not installed"):
        annotate(turns, nlp={"da": "da_core_news_nonexistent_sm"}, cache=False)


def test_multiprocessing_matches_single(turns):
    big = pd.concat([turns] * 30, ignore_index=True).assign(id=lambda d: [f"x{i}" for i in range(len(d))])
    a = annotate(big, cache=False)
    b = annotate(big, cache=False, n_process=2, batch_size=50)
    pd.testing.assert_frame_equal(a, b)


def test_chunks_put_together_are_the_whole_annotation(turns):
    big = pd.concat([turns] * 30, ignore_index=True).assign(id=lambda d: [f"x{i}" for i in range(len(d))])
    whole = annotate(big, cache=False)
    chunks = list(annotate_chunks(big, chunk_rows=47, cache=False, n_process=2, batch_size=10))
    assert [len(c) for c in chunks] == [47, 47, 47, 39]
    pd.testing.assert_frame_equal(pd.concat(chunks), whole, check_exact=True)
    assert len(list(annotate_chunks(big.iloc[:0], cache=False))) == 1
    with pytest.raises(ValueError, match="chunk_rows"):
        next(annotate_chunks(big, chunk_rows=0))


def test_sentences_table(turns):
    out = sentences(annotate(turns, lang="da"))
    assert list(out.columns) == ["id", "sentence", "text", "sentiment"]
    t1 = out[out["id"] == "t1"]
    assert t1["sentence"].tolist() == [0, 1]  # "kl." is an abbreviation, not a sentence end
    assert t1["text"].iloc[0] == "Hej alle, mødet i morgen er flyttet til kl. 10 i stedet."
    t5 = out[out["id"] == "t5"]
    assert (t5["sentiment"] < 0).all()
