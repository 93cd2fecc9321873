"""The HTML report: built from a small fixture, self-contained, with figures, provenance and the privacy record."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import stacey
from stacey.report import report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "turns.csv"
IMG = re.compile(r'<img[^>]+src="data:image/png;base64,')


def body(html: str) -> str:
    """The page's body without its style sheets (which name error classes of their own)."""
    return re.sub(r"<style.*?</style>", "", html[html.index("<body"):], flags=re.S)


@pytest.fixture(scope="module")
def turns() -> pd.DataFrame:
    return stacey.read(FIXTURE, format="table")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = report(FIXTURE, tmp_path_factory.mktemp("plain") / "report.html", format="table", title="Fixture report",
                 n_perm=50)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def protected(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = report(FIXTURE, tmp_path_factory.mktemp("protected") / "report.html", format="table", pseudonymise=True,
                 redact=True, key="a test key", n_perm=50)
    return out.read_text(encoding="utf-8")


def test_figures_are_embedded_and_nothing_is_loaded_from_elsewhere(plain):
    assert len(IMG.findall(plain)) >= 8  # themes, heatmap, sentiment, uptake, contagion, network, novelty, ...
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", plain)
    assert not [s for s in scripts if s.startswith(("http", "//"))], scripts
    links = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", plain)
    assert not [h for h in links if h.startswith(("http", "//"))], links
    assert "<title>Fixture report</title>" in plain or "Fixture report" in plain


def test_sections_and_tables_that_matter_are_there(plain):
    for heading in ("The turns", "Themes over time", "Sentiment, and where it changed", "Gesture and response",
                    "Emergence", "Legitimate and shadow systems", "Participation and power", "Regimes", "Provenance"):
        assert heading in plain, heading
    assert "observed_mean" in plain and "baseline_mean" in plain  # the uptake summary table
    assert "gini" in plain  # the inequality table
    assert "prompts for reflexive inquiry" in plain
    page = body(plain)
    assert "Traceback" not in page and "vnd.jupyter.stderr" not in page  # no cell failed or warned


def test_provenance_names_input_hash_versions_and_says_no_privacy_step_ran(plain):
    digest = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    assert digest in plain
    assert "turns.csv" in plain
    assert "pandas" in plain and "scikit-learn" in plain
    assert "no pseudonymisation or redaction was applied" in plain
    assert str(FIXTURE.parent) not in plain  # no machine path leaks into a shared report


def test_pseudonymised_report_says_so_and_shows_no_original_speaker(protected, turns):
    text = " ".join(re.sub(r"<[^>]+>", " ", protected).split())
    assert "speakers were pseudonymised" in text
    assert "text was redacted" in text
    names = set(turns["speaker"])
    parts = {p for s in names for p in re.split(r"[\s.@]+", s.split("@")[0]) if len(p) >= 3}
    for name in sorted(names | parts):
        assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", protected), name
    assert len(IMG.findall(protected)) >= 8


def test_report_on_a_log_without_times_replies_or_second_speaker(tmp_path, turns):
    lonely = turns[turns["conversation_id"] == "c1"].assign(timestamp=pd.NaT, reply_to=pd.NA, speaker="Ingrid")
    out = report(lonely, tmp_path / "lonely.html", title="One voice", n_perm=20)
    html = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert "no timestamps" in html
    assert "no reply links" in html
    assert "only one speaker" in html
    assert "Provenance" in html


def test_empty_input_gives_a_sentence_not_a_crash(tmp_path, turns):
    out = report(turns.iloc[:0], tmp_path / "empty.html", title="Nothing", n_perm=10)
    assert "holds no turns" in out.read_text(encoding="utf-8")


def test_cli_report_writes_the_html(tmp_path):
    out = tmp_path / "cli.html"
    proc = subprocess.run([sys.executable, "-m", "stacey", "report", str(FIXTURE), "--format", "table", "-o", str(out),
                           "--permutations", "20", "--themes", "3"], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert out.exists() and IMG.search(out.read_text(encoding="utf-8"))


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed (make check-browser)")
def test_report_loads_in_a_real_browser_without_errors(plain, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(plain, encoding="utf-8")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from check_report import check
    finally:
        sys.path.pop(0)
    seen = check(page, tmp_path / "shot.png")
    assert seen["errors"] == [] and seen["broken"] == 0
    assert seen["images"] >= 8
    assert (tmp_path / "shot.png").stat().st_size > 10_000
