import numpy as np
import pytest

from stacey.text.sentiment import backends, get_backend, register_backend, score


def test_builtin_backends_are_registered():
    assert {"stacey", "vader", "asent", "afinn"} <= set(backends())


def test_comparators_score_in_range_and_nan_outside_their_languages():
    texts = ["This is great!", "Det er dårligt", "Das ist gut"]
    langs = ["en", "da", "de"]
    vader = score(texts, langs, backend="vader")
    assert vader[0, 0] > 0 and np.isnan(vader[1, 0])
    asent = score(texts, langs, backend="asent")
    assert asent[0, 0] > 0 and asent[1, 0] < 0 and np.isnan(asent[2, 0])
    afinn = score(texts, langs, backend="afinn")
    assert afinn[0, 0] > 0 and afinn[1, 0] < 0


def test_stacey_has_nothing_for_languages_without_lexicon_unless_emoji():
    out = score(["Das ist gut", "Das ist gut 👍"], ["de", "de"])
    assert np.isnan(out[0, 0]) and out[1, 0] > 0


def test_register_a_backend_by_name():
    def constant(texts, langs):
        return np.tile([0.5, 0.5, 0.0, 0.5], (len(texts), 1))

    register_backend("test-constant", constant, version="7", replace=True)
    assert get_backend("test-constant").version == "7"
    assert score(["a", "b"], ["en", "en"], backend="test-constant")[:, 0].tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="exists"):
        register_backend("test-constant", constant)
    with pytest.raises(KeyError, match="unknown sentiment backend"):
        get_backend("no-such-backend")


def test_bad_backend_shape_is_caught():
    register_backend("test-bad", lambda texts, langs: np.zeros((len(texts), 3)), replace=True)
    with pytest.raises(ValueError, match="shape"):
        score(["a"], ["en"], backend="test-bad")
