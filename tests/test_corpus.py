"""stacey.corpus: locating truth turns by {file, speaker, says}, and the bundled corpus's truth."""

from __future__ import annotations

import pandas as pd
import pytest

from stacey.corpus import LocatorError, load_corpus, load_truth, locate, locate_all, locators
from stacey.errors import StaceyError


def table() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["m1", "m2", "s1", "s2", "s3", "x1"],
        "speaker": ["Anne", "Jens", "Anne", "Anne", "Jens", "Anne"],
        "text": ["Hej alle\n\nvi starter nu", "Tak for   mødet", "vi starter nu", "godmorgen", "vi starter nu",
                 "vi starter nu"],
        "source": ["mail/intern.mbox#0", "mail/intern.mbox#1", "slack/general/2024-02-05.json#0",
                   "slack/general/2024-02-06.json#3", "slack/general/2024-02-06.json#4", "slackware/log.txt#1"],
    })


def test_locate_by_file_speaker_and_substring():
    t = table()
    assert locate(t, {"file": "mail/intern.mbox", "speaker": "Anne", "says": "vi starter"}) == "m1"
    # a day file, or the export folder above it; "slack" does not name "slackware"
    assert locate(t, {"file": "slack/general/2024-02-05.json", "speaker": "Anne", "says": "vi starter"}) == "s1"
    assert locate(t, {"file": "slack", "speaker": "Jens", "says": "vi starter"}) == "s3"
    # runs of white space count as one space on both sides
    assert locate(t, {"file": "mail/intern.mbox", "speaker": "Jens", "says": "Tak for mødet"}) == "m2"
    assert locate(t, {"file": "mail/intern.mbox", "speaker": "Anne", "says": "alle vi"}) == "m1"


def test_locate_errors_name_the_locator():
    t = table()
    with pytest.raises(LocatorError, match="no turn matches mail/intern.mbox / Jens / says 'vi starter'"):
        locate(t, {"file": "mail/intern.mbox", "speaker": "Jens", "says": "vi starter"})
    with pytest.raises(LocatorError, match="2 turns match slack / Anne .*2024-02-05.json#0, .*2024-02-06"):
        locate(t, {"file": "slack", "speaker": "Anne", "says": "n"})
    with pytest.raises(LocatorError, match="lacks 'says'"):
        locate(t, {"file": "slack", "speaker": "Anne"})
    with pytest.raises(StaceyError, match="source"):
        locate(t.drop(columns="source"), {"file": "slack", "speaker": "Anne", "says": "x"})
    assert issubclass(LocatorError, LookupError)


def test_locate_all_and_locators():
    t = table()
    truth = {"shifts": [{"at": {"file": "mail/intern.mbox", "speaker": "Jens", "says": "mødet"}, "from": "a"}],
             "uptake": {"strong": [{"gesture": {"file": "slack", "speaker": "Jens", "says": "vi"},
                                    "response": {"file": "slack", "speaker": "Anne", "says": "nope"}}]}}
    locs = locators(truth)
    assert [loc["says"] for loc in locs] == ["mødet", "vi", "nope"]
    assert locate_all(t, locs, errors="ignore") == ["m2", "s3", None]
    with pytest.raises(LocatorError, match="no turn matches slack / Anne / says 'nope'"):
        locate_all(t, locs)
    with pytest.raises(ValueError):
        locate_all(t, locs, errors="sometimes")


@pytest.mark.slow
def test_every_locator_of_the_bundled_truth_names_one_turn():
    turns = load_corpus()
    locs = locators(load_truth())
    ids = locate_all(turns, locs)
    assert len(ids) == len(locs) == 150 and all(ids)
    # each names a turn of its speaker whose text holds the quote
    named = turns.set_index("id").loc[ids]
    assert (named["speaker"].to_numpy() == [loc["speaker"] for loc in locs]).all()
