"""``stacey analyze``: runs once ``stacey.annotate`` is part of the install."""

import json
from pathlib import Path

import pandas as pd
import pytest

from stacey.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "vesterby"


@pytest.fixture
def annotate_available():
    pytest.importorskip("stacey.text.annotate", reason="stacey.annotate is not part of this install yet")


@pytest.mark.slow
def test_analyze_bundled_blog_writes_every_table(annotate_available, tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["analyze", str(CORPUS / "blog"), "--codebook", str(CORPUS / "codebook.yaml"),
                   "--n-perm", "50", "-o", str(out)])
    assert status == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for name in ["turns", "theme_weights", "themes", "edges", "speakers", "changepoints", "rejects", "uptake",
                 "emergence", "prevalence", "formal_lag"]:
        assert name in run["tables"], name
    for name, info in run["tables"].items():
        assert len(pd.read_parquet(out / info["file"])) == info["rows"], name
    assert run["parameters"]["codebook"].endswith("codebook.yaml")
    assert "codebook.yaml" in run["inputs"]
    assert pd.read_parquet(out / "rejects.parquet")["reason"].tolist() == ["unapproved"]
    assert "themes" in capsys.readouterr().out


@pytest.mark.shared
@pytest.mark.slow
def test_analyze_real_reddit_thread(annotate_available, shared_dir, tmp_path):
    thread = shared_dir / "realdata" / "urs-reddit-threads" / "opinion-python-2018" / "thread-flat.json"
    out = tmp_path / "out"
    assert main(["analyze", str(thread), "--n-themes", "3", "--n-perm", "50", "-o", str(out)]) == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["tables"]["turns"]["rows"] > 20 and run["tables"]["edges"]["rows"] > 10
    for info in run["tables"].values():
        assert (out / info["file"]).exists()
