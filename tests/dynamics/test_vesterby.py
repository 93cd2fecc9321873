"""Issue 8 on the bundled corpus: the planted dynamics are found by the measures.

Needs the annotation step (``stacey.text.annotate``) and the readers; skipped
only while ``stacey.annotate`` is not part of the install. Reads the corpus with
``stacey.corpus.load_corpus`` (speakers resolved with its people file); the mail
files count once the mail reader is registered (they are rejected before).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2] / "corpus" / "vesterby"


@pytest.fixture(scope="module")
def vesterby():
    annotate = pytest.importorskip("stacey.text.annotate",
                                   reason="stacey.annotate is not part of this install yet").annotate
    if not ROOT.is_dir():
        pytest.skip("corpus/vesterby is absent")
    from stacey.corpus import load_corpus, load_truth
    from stacey.pipeline import run_dynamics
    from stacey.themes.codebook import Codebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        turns = load_corpus("vesterby")  # all parts, speakers resolved with corpus/vesterby/people.yaml
    turns = annotate(turns, cache=False)
    cb = Codebook.from_yaml(ROOT / "codebook.yaml").fit(turns)
    weights = cb.transform(turns)
    out = run_dynamics(turns, weights, cb.themes_, groups="meta.speaker.group", n_perm=200)
    truth = list(load_truth("vesterby").values())
    return turns, weights, out, truth


def _find(turns: pd.DataFrame, loc: dict) -> str | None:
    hit = turns.loc[turns["text"].str.contains(loc["says"], regex=False) & (turns["speaker"] == loc["speaker"])]
    return str(hit["id"].iloc[0]) if len(hit) == 1 else None


@pytest.mark.slow
def test_planted_originator(vesterby):
    turns, _, out, truth = vesterby
    first = [e for tr in truth for e in tr.get("emergence", []) if e["event"] == "first_use"]
    assert first, "the truth names the first use of the emergent theme"
    em = out["emergence"].set_index("item")
    assert em.loc[first[0]["theme"], "first_speaker"] == first[0]["at"]["speaker"]
    assert em.loc[first[0]["theme"], "first_id"] == _find(turns, first[0]["at"])


@pytest.mark.slow
def test_planted_sentiment_turn_is_a_change_point(vesterby):
    turns, _, out, truth = vesterby
    at = [_find(turns, s["at"]) for tr in truth for s in tr.get("sentiment_turn", [])]
    times = turns.set_index("id").loc[[i for i in at if i], "timestamp"]
    cps = out["changepoints"].query("conversation_id == '*' and signal == 'sentiment'")
    assert len(cps)
    gap = min(abs(c - t) for c in cps["time"] for t in times)
    assert gap <= pd.Timedelta(days=3)


@pytest.mark.slow
def test_strong_uptake_above_no_uptake_and_baseline(vesterby):
    from stacey.dynamics.edges import edges
    from stacey.dynamics.uptake import uptake

    turns, weights, _, truth = vesterby
    rows = []
    for tr in truth:
        for kind in ("strong", "none"):
            for p in tr.get("uptake", {}).get(kind, []):
                g, r = _find(turns, p["gesture"]), _find(turns, p["response"])
                if g and r:
                    rows.append({"gesture_id": g, "response_id": r, "kind": kind})
    pairs = pd.DataFrame(rows)
    assert (pairs["kind"] == "strong").sum() >= 5 and (pairs["kind"] == "none").sum() >= 5
    u = uptake(turns, weights, edges=edges(turns, weights, pairs=pairs[["gesture_id", "response_id"]]))
    u = u.merge(pairs, on=["gesture_id", "response_id"])
    strong, none = u.loc[u["kind"] == "strong"], u.loc[u["kind"] == "none"]
    assert strong["lemma_overlap_pct"].mean() > none["lemma_overlap_pct"].mean()
    assert strong["lemma_overlap"].mean() > none["lemma_overlap"].mean()
    assert strong["lemma_overlap"].mean() > strong["lemma_overlap_baseline_mean"].mean()


@pytest.mark.slow
def test_rarely_answered_speakers_rank_lowest(vesterby):
    from stacey.dynamics.power import speakers

    turns, _, _, _ = vesterby
    # conversations with reply links, meetings left out (their reader links each remark to the one before)
    linked = turns.groupby("conversation_id")["reply_to"].transform(lambda s: s.notna().any())
    sub = turns.loc[linked & (turns["channel"] != "transcript")]
    sp = speakers(sub)
    sp = sp.loc[sp["n_turns"] >= 5]
    low = sp.nsmallest(max(4, int(np.ceil(len(sp) / 4))), "response_rate")["speaker"]
    assert {"Birthe Lund", "Jens Kold"} <= set(low)
