"""The corpus generator writes files stacey reads, with exactly the counts asked for."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import stacey
from benchmarks.generate import ConversationModel, generate, manifest_path


@pytest.mark.parametrize("fmt, name", [("table", "c.parquet"), ("mbox", "c.mbox"), ("slack", "slack")])
def test_generated_corpus_reads_with_the_counts_asked(tmp_path, fmt, name):
    man = generate(400, fmt, tmp_path / name, seed=3)
    assert json.loads(manifest_path(tmp_path / name).read_text()) == man
    res = stacey.read(tmp_path / name, with_rejects=True)
    assert res.format == {"table": "table", "mbox": "mbox", "slack": "slack"}[fmt]
    assert len(res.turns) == man["turns"] == 400
    assert len(res.rejects) == man["rejects"]
    assert res.turns["conversation_id"].nunique() == man["conversations"]
    assert res.turns["speaker"].nunique() == man["speakers"]
    assert res.turns["text"].str.len().min() > 0
    if fmt == "slack":
        assert set(res.rejects["reason"]) == {"join"}
        assert res.turns["reply_to"].notna().sum() > 50  # threads
    else:
        assert man["rejects"] == 0
        assert res.turns["depth"].max() >= 3  # reply trees, not just pairs
        assert res.turns["missing_parent"].isna().all()


def test_mbox_replies_are_cleaned_of_quotes_and_signatures(tmp_path):
    generate(300, "mbox", tmp_path / "c.mbox", seed=1)
    turns = stacey.read(tmp_path / "c.mbox")
    replies = turns[turns["reply_to"].notna()]
    assert len(replies) > 100
    own = replies["text"]
    # the generator quotes every parent under a "wrote:"/"skrev" line or an Outlook header block
    assert not own.str.contains(r"^> ", regex=True).any()
    assert not own.str.contains("-----Oprindelig meddelelse-----|-----Original Message-----", regex=True).any()
    assert not own.str.contains(r"Tlf\. \+45", regex=True).any()


def test_same_seed_same_bytes_and_exact_counts(tmp_path):
    a = generate(250, "mbox", tmp_path / "a.mbox", seed=7)
    b = generate(250, "mbox", tmp_path / "b.mbox", seed=7)
    assert (tmp_path / "a.mbox").read_bytes() == (tmp_path / "b.mbox").read_bytes()
    assert a["turns"] == b["turns"] == 250
    c = generate(250, "mbox", tmp_path / "c.mbox", seed=8)
    assert (tmp_path / "c.mbox").read_bytes() != (tmp_path / "a.mbox").read_bytes()
    assert c["turns"] == 250


def test_model_is_bilingual_with_zipf_participation_and_heavy_tailed_threads():
    model = ConversationModel(5000, seed=0)
    turns = [t for th in model.threads() for t in th]
    assert len(turns) == 5000
    langs = pd.Series([t.lang for t in turns]).value_counts(normalize=True)
    assert langs["da"] > 0.3 and langs["en"] > 0.15 and langs.get("mixed", 0) > 0.01
    per_speaker = pd.Series([t.speaker.index for t in turns]).value_counts()
    # the most active tenth of the speakers says far more than a tenth of the turns
    top = per_speaker.iloc[: max(1, len(per_speaker) // 10)].sum() / len(turns)
    assert top > 0.35
    sizes = pd.Series([t.thread for t in turns]).value_counts()
    assert sizes.max() >= 20 and (sizes == 1).mean() > 0.3
    # replies come after the turn they answer
    by_index = {t.index: t for t in turns}
    assert all(t.ts > by_index[t.parent].ts for t in turns if t.parent is not None)
