"""Pseudonyms: stable with a key, applied to speakers and their names in every string column."""

import pandas as pd
import pytest

from stacey.privacy import pseudonymise, speaker_forms
from stacey.turns import derive, from_records, validate


@pytest.fixture()
def turns():
    return derive(from_records([
        {"id": "m1@vesterby.example", "conversation_id": "m1@vesterby.example", "speaker": "anne.mikkelsen@vesterby.example",
         "text": "Hej Karen, kan vi tale om Facebook-svarene?\nMvh Anne Mikkelsen", "channel": "mail",
         "title": "Svar til Karen", "source": "a.mbox#1", "meta.name": "Anne Mikkelsen"},
        {"id": "m2", "conversation_id": "m1@vesterby.example", "reply_to": "m1@vesterby.example",
         "speaker": "karen.thomsen@vesterby.example",
         "text": "Den 3. marts 2024 skrev Anne Mikkelsen <anne.mikkelsen@vesterby.example>:\nJa. Annes idé er fin.",
         "channel": "mail", "source": "a.mbox#2", "meta.name": "Karen Thomsen"},
        {"id": "general:1", "conversation_id": "general", "speaker": "bo", "text": "@karen.thomsen skovturen er fredag, Bo",
         "channel": "chat", "source": "slack/general#1", "meta.name": "Bo Skov"},
    ]))


def test_same_key_same_pseudonyms_other_key_other(turns):
    a1 = pseudonymise(turns, key="secret-1")
    a2 = pseudonymise(turns, key="secret-1")
    b = pseudonymise(turns, key="secret-2")
    pd.testing.assert_frame_equal(a1.turns, a2.turns)
    assert list(a1.turns["speaker"]) != list(b.turns["speaker"])
    assert a1.turns["speaker"].nunique() == 3


def test_names_and_addresses_are_replaced_everywhere(turns):
    out, mapping = pseudonymise(turns, key="k")
    alias = dict(zip(mapping["speaker"], mapping["pseudonym"]))
    blob = " ".join(str(v) for v in out.to_numpy().ravel())
    for original in ("Anne", "Mikkelsen", "Karen", "Thomsen", "anne.mikkelsen", "karen.thomsen"):
        assert original not in blob
    assert out.loc[0, "text"].endswith(f"Mvh {alias['anne.mikkelsen@vesterby.example']}")
    assert f"{alias['anne.mikkelsen@vesterby.example']}s idé" in out.loc[1, "text"]  # genitive kept
    assert out.loc[2, "text"].startswith(f"@{alias['karen.thomsen@vesterby.example']} skovturen")  # not "Skov"
    assert out.loc[0, "title"] == f"Svar til {alias['karen.thomsen@vesterby.example']}"
    validate(out)  # links still hold


def test_hash_scheme_and_mapping_columns(turns):
    out, mapping = pseudonymise(turns, key="k", scheme="hash")
    assert out["speaker"].str.match(r"^spk_[0-9a-f]{12}$").all()
    assert list(mapping.columns) == ["speaker", "pseudonym", "forms"]
    with pytest.raises(ValueError, match="scheme"):
        pseudonymise(turns, key="k", scheme="nickname")
    with pytest.raises(ValueError, match="non-empty key"):
        pseudonymise(turns, key="")


def test_input_is_not_changed(turns):
    before = turns.copy()
    pseudonymise(turns, key="k")
    pd.testing.assert_frame_equal(turns, before)


def test_speaker_forms():
    folded, exact = speaker_forms("anne.mikkelsen@vesterby.example", ["Mikkelsen, Anne"])
    assert {"anne.mikkelsen@vesterby.example", "anne.mikkelsen", "Anne Mikkelsen"} <= folded
    assert {"Anne", "Mikkelsen"} <= exact
