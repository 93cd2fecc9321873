"""Tests of stacey/io/twitter.py: the X/Twitter account archive and tweet branch files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stacey.errors import FormatError
from stacey.io.registry import detect, read

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "twitter"


def reconciled(res) -> None:
    assert len(res.turns) + len(res.rejects) == res.found
    ids = set(res.turns["id"])
    assert res.turns["reply_to"].dropna().isin(ids).all()
    assert not res.turns["missing_parent"].dropna().isin(ids).any()


def test_archive_folder_reply_chains_and_conversations():
    res = read(FIX / "archive", with_rejects=True)
    assert res.format == "twitter"
    reconciled(res)
    assert res.found == 9
    t = res.turns.set_index("id")
    assert sorted(t.index) == ["1001", "1002", "1003", "1004", "1006", "1007"]
    assert (t["speaker"] == "teamlead_dk").all()  # from account.js, lower-cased
    assert t.loc["1003", "reply_to"] == "1002" and t.loc["1003", "conversation_id"] == "1001"
    # replies to a tweet outside the archive: missing parent, one conversation named by it
    assert t.loc["1004", "missing_parent"] == "999" and t.loc["1006", "missing_parent"] == "999"
    assert t.loc["1007", "reply_to"] == "1004"
    assert set(t.loc[["1004", "1006", "1007"], "conversation_id"]) == {"999"}
    assert t.loc["1001", "text"] == "Vi prøver en ny vagtplan fra mandag & ser hvad der sker."
    assert t.loc["1001", "channel"] == "post" and t.loc["1002", "channel"] == "comment"
    assert t.loc["1002", "timestamp"] == pd.Timestamp("2024-03-04 09:00", tz="UTC")
    assert t.loc["1001", "meta.likes"] == 3
    rej = dict(zip(res.rejects["source"], res.rejects["reason"], strict=True))
    assert rej == {"tweets.js#4": "retweet", "tweets-part1.js#2": "duplicate", "tweets-part1.js#3": "unparsable"}


def test_single_file_account_option_and_retweets():
    res = read(FIX / "archive/data/tweets.js", with_rejects=True, account="@Someone", include_retweets="yes")
    reconciled(res)
    assert len(res.turns) == 5 and len(res.rejects) == 0
    assert set(res.turns["speaker"]) == {"someone"}


def test_truncated_archive_file():
    assert detect(FIX / "truncated_tweets.js").name == "twitter"
    with pytest.raises(FormatError, match=r"truncated_tweets\.js, line \d+, column \d+: expected valid JSON"):
        read(FIX / "truncated_tweets.js")


def test_not_an_archive_file(tmp_path):
    p = tmp_path / "tweets.js"
    p.write_text("var x = 1;")
    with pytest.raises(FormatError, match="window.YTD"):
        read(p, format="twitter")


def test_branch_files_twint_and_dast_schema():
    res = read(FIX / "branches", with_rejects=True)
    assert res.format == "twitter-branches"
    reconciled(res)
    assert res.found == 9
    t = res.turns.set_index("id")
    assert t.loc["5002", "reply_to"] == "5001"  # order within a branch gives the chain
    assert t.loc["5003", "reply_to"] == "5000" and t.loc["5001", "reply_to"] == "5000"
    assert (t.loc[["5000", "5001", "5002", "5003"], "conversation_id"] == "5000").all()
    assert t.loc["5000", "speaker"] == "anna_k" and t.loc["5000", "channel"] == "post"
    assert t.loc["5001", "timestamp"] == pd.Timestamp(1551438000, unit="s", tz="UTC")
    # DAST-schema file: speaker from the status URL, chain from branch order
    assert t.loc["6000", "speaker"] == "politikerx" and t.loc["6002", "reply_to"] == "6001"
    assert t.loc["6002", "meta.SDQC_Parent"] == "Denying"
    assert sorted(res.rejects["reason"]) == ["duplicate", "duplicate"]


def test_branch_file_of_wrong_shape(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"source": [], "branches": []}')
    with pytest.raises(FormatError, match="source tweet"):
        read(p, format="twitter-branches")


@pytest.mark.shared
def test_danish_twitter_conversations(shared_dir):
    folder = shared_dir / "realdata/danish-twitter-conversations/TwitterScraper/scraper/preprocessed_data"
    res = read(folder, with_rejects=True)
    assert res.format == "twitter-branches"
    reconciled(res)
    t = res.turns
    assert t["conversation_id"].nunique() == 113
    assert (t["channel"] == "post").sum() == 113
    comments = t[t["channel"] == "comment"]
    dast_schema = comments["source"].str.startswith("soeren_gade/")  # the 6 files in the DAST schema
    assert (~dast_schema).sum() == 332  # the unique reply tweets of the twint-style files
    assert dast_schema.sum() == 110
    assert set(res.rejects["reason"]) == {"duplicate"}
    assert t["missing_parent"].isna().all()


def test_truncated_branch_file(tmp_path):
    text = (FIX / "branches/5g/5000.json").read_text()
    p = tmp_path / "5000.json"
    p.write_text(text[: len(text) // 2])
    with pytest.raises(FormatError, match=r"5000\.json, line \d+, column \d+: expected valid JSON"):
        read(p, format="twitter-branches")
