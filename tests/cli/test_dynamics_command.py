import importlib.util
import json
from pathlib import Path

import pandas as pd

from stacey.cli import main


def _load_synthetic():
    """The generator in tests/fixtures/dynamics/synthetic.py (tests are not a package)."""
    path = Path(__file__).resolve().parents[1] / "fixtures" / "dynamics" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("stacey_test_synthetic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_corpus


synthetic_corpus = _load_synthetic()


def test_cli_dynamics_writes_every_table(tmp_path, capsys):
    turns, weights, themes = synthetic_corpus()
    turns.to_parquet(tmp_path / "turns.parquet")
    weights.to_csv(tmp_path / "weights.csv", index=False)
    themes.to_csv(tmp_path / "themes.csv", index=False)
    pd.DataFrame({"speaker": ["ann", "bo"], "group": ["x", "y"]}).to_csv(tmp_path / "groups.csv", index=False)
    out = tmp_path / "out"
    status = main(["dynamics", str(tmp_path / "turns.parquet"), str(tmp_path / "weights.csv"),
                   "--themes", str(tmp_path / "themes.csv"), "--groups", str(tmp_path / "groups.csv"),
                   "--n-perm", "20", "--seed", "3", "-o", str(out)])
    assert status == 0
    run = json.loads((out / "run.json").read_text())
    assert run["parameters"]["random_state"] == 3
    assert len(run["inputs"]["turns.parquet"]["turns.parquet"]) == 64
    assert run["versions"]["pandas"] == pd.__version__
    for name, info in run["tables"].items():
        frame = pd.read_parquet(out / info["file"])
        assert len(frame) == info["rows"], name
    assert {"edges", "speakers", "changepoints", "emergence", "ei_index"} <= set(run["tables"])
    assert pd.read_parquet(out / "ei_index.parquet")["level"].iloc[0] == "network"
    assert "60 turns" in capsys.readouterr().out


def test_cli_dynamics_bad_weights(tmp_path, capsys):
    turns, _, _ = synthetic_corpus()
    turns.to_parquet(tmp_path / "turns.parquet")
    pd.DataFrame({"id": ["x"], "w": [1]}).to_csv(tmp_path / "bad.csv", index=False)
    status = main(["dynamics", str(tmp_path / "turns.parquet"), str(tmp_path / "bad.csv"), "-o", str(tmp_path / "o")])
    assert status == 2
    assert "bad.csv" in capsys.readouterr().err
