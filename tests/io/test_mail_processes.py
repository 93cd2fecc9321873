"""The mail readers give the same turns and rejects whether messages are parsed in one process or several."""

from __future__ import annotations

import pandas as pd
import pytest

import stacey
from benchmarks.generate import generate
from stacey.errors import StaceyError
from stacey.io import mail


def test_worker_processes_give_the_same_table(tmp_path, monkeypatch):
    path = tmp_path / "c.mbox"
    generate(600, "mbox", path, seed=5)
    with open(path, "ab") as fh:  # a message without header fields: a reject, in order
        fh.write(b"From x@y Mon Jan 07 09:05:00 2019\nnot a header line\n\n")
    monkeypatch.setattr(mail, "_WINDOW", 100)  # several windows in flight
    one = stacey.read(path, with_rejects=True, n_process=1)
    two = stacey.read(path, with_rejects=True, n_process=2)
    pd.testing.assert_frame_equal(two.turns, one.turns)
    pd.testing.assert_frame_equal(two.rejects, one.rejects)
    assert len(one.turns) == 600 and one.rejects["reason"].tolist() == ["unparsable"]


def test_n_process_option_is_checked(tmp_path):
    path = tmp_path / "c.mbox"
    generate(20, "mbox", path, seed=5)
    with pytest.raises(StaceyError, match="option n_process"):
        stacey.read(path, n_process="many")
