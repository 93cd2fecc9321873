import numpy as np
import pandas as pd
import pytest

from stacey.errors import SchemaError
from stacey.themes import mixtures


def test_mixtures_spreads_long_table_in_turn_order():
    turns = pd.DataFrame({"id": ["a", "b", "c"]})
    weights = pd.DataFrame({"id": ["b", "a", "a"], "theme": ["T2", "T1", "T2"], "weight": [1.0, 0.25, 0.75]})
    wide = mixtures(weights, turns)
    assert list(wide.index) == ["a", "b", "c"]
    assert list(wide.columns) == ["T1", "T2"]
    np.testing.assert_allclose(wide.to_numpy(), [[0.25, 0.75], [0.0, 1.0], [0.0, 0.0]])


def test_mixtures_column_order_and_input_untouched():
    turns = pd.DataFrame({"id": ["a"]})
    weights = pd.DataFrame({"id": ["a"], "theme": ["T1"], "weight": [1.0]})
    before = weights.copy()
    wide = mixtures(weights, turns, themes=["T3", "T1"])
    assert list(wide.columns) == ["T3", "T1"]
    np.testing.assert_allclose(wide.to_numpy(), [[0.0, 1.0]])
    pd.testing.assert_frame_equal(weights, before)


def test_mixtures_rejects_bad_weights():
    with pytest.raises(SchemaError, match="id, theme, weight"):
        mixtures(pd.DataFrame({"id": ["a"]}), pd.DataFrame({"id": ["a"]}))
    with pytest.raises(SchemaError, match="negative"):
        mixtures(pd.DataFrame({"id": ["a"], "theme": ["T1"], "weight": [-1.0]}), pd.DataFrame({"id": ["a"]}))
