import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from stacey.pipeline import TABLES, run_dynamics


def _load_synthetic():
    """The generator in tests/fixtures/dynamics/synthetic.py (tests are not a package)."""
    path = Path(__file__).resolve().parents[0] / "fixtures" / "dynamics" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("stacey_test_synthetic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_corpus


synthetic_corpus = _load_synthetic()


def test_run_dynamics_tables():
    turns, weights, themes = synthetic_corpus()
    before = turns.copy()
    out = run_dynamics(turns, weights, themes, groups={"ann": "a", "bo": "a", "cai": "b", "dan": "b", "eva": "b"},
                       n_perm=50, min_exchanges=2)
    pd.testing.assert_frame_equal(turns, before)
    for name in ["edges", "uptake", "uptake_summary", "contagion", "contagion_regression", "emergence", "adopters",
                 "adoption", "exposure", "changepoints", "speakers", "inequality", "lorenz", "ei_index",
                 "coordination", "coordination_summary", "regimes", "prevalence", "habitual", "channel_log_odds",
                 "formal_lag"]:
        assert name in out and isinstance(out[name], pd.DataFrame), name
        assert name in TABLES
    assert set(out) <= set(TABLES)
    assert len(out["edges"]) == 54 and len(out["contagion"]) == 9
    em = out["emergence"].set_index("item")
    assert em.loc["new", "first_speaker"] == "eva" and em.loc["new", "label"] == "New"
    corpus_cp = out["changepoints"].query("conversation_id == '*' and signal == 'sentiment'")
    assert "c3t0" in set(corpus_cp["id"])
    lag = out["formal_lag"].set_index("theme")
    # "new" is first used in mail (c3t0, day 30), first in chat at c4t1 (day 40, 1 h): formal came first
    assert lag.loc["new", "lag_days"] == pytest.approx(-(10 + 1 / 24), abs=1e-6)
    assert set(out["ei_index"]["level"]) == {"network", "group", "speaker"}


def test_run_dynamics_deterministic():
    turns, weights, themes = synthetic_corpus(1)
    a = run_dynamics(turns, weights, themes, n_perm=30, random_state=4)
    b = run_dynamics(turns, weights, themes, n_perm=30, random_state=4)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_sink_gets_every_table_as_made_and_nothing_is_kept():
    turns, weights, themes = synthetic_corpus(2)
    kept = run_dynamics(turns, weights, themes, n_perm=20, random_state=1)
    got: dict[str, pd.DataFrame] = {}

    def sink(name, frame):
        assert name not in got, f"{name} sent twice"
        got[name] = frame

    assert run_dynamics(turns, weights, themes, n_perm=20, random_state=1, sink=sink) == {}
    assert list(got) == list(kept)
    for name in kept:
        pd.testing.assert_frame_equal(got[name], kept[name], obj=name)


def test_result_writer_equals_write_results(tmp_path):
    import json

    from stacey.pipeline import ResultWriter, write_results

    turns, weights, themes = synthetic_corpus(3)
    tables = run_dynamics(turns, weights, themes, n_perm=10)
    write_results(tables, tmp_path / "a", parameters={"seed": 0})
    writer = ResultWriter(tmp_path / "b")
    run_dynamics(turns, weights, themes, n_perm=10, sink=writer)
    writer.finish(parameters={"seed": 0})
    a = json.loads((tmp_path / "a" / "run.json").read_text())
    b = json.loads((tmp_path / "b" / "run.json").read_text())
    assert a["tables"] == b["tables"] and a["parameters"] == b["parameters"]
    for name in tables:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "b" / f"{name}.parquet"), obj=name)


def test_analyze_with_sink_writes_slim_turns_in_memory_but_full_turns_on_disk(tmp_path):
    from stacey.pipeline import DYNAMICS_COLUMNS, ResultWriter, analyze

    turns, _, _ = synthetic_corpus(4)
    turns = turns.assign(title="t", source="s")
    writer = ResultWriter(tmp_path)
    seen = {}
    analyze(turns, n_themes=2, n_perm=10, sink=lambda n, f: (seen.setdefault(n, list(f.columns)), writer(n, f)))
    assert {"title", "source"} <= set(seen["turns"])
    assert set(pd.read_parquet(tmp_path / "turns.parquet").columns) == set(seen["turns"])
    whole = analyze(turns, n_themes=2, n_perm=10)
    assert list(writer.listing) == list(whole)
    for name in ("theme_weights", "uptake", "emergence", "changepoints"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"),
                                      whole[name].reset_index(drop=True), obj=name, check_dtype=False)
    assert set(DYNAMICS_COLUMNS) >= {"id", "text", "lemmas"}
