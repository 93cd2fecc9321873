"""One key per person across channels, with attributes."""

import pytest

from stacey.errors import FormatError
from stacey.speakers import resolve_speakers
from stacey.turns import derive, from_records

PEOPLE = {"people": {
    "Anne Mikkelsen": {"keys": ["anne.mikkelsen@vesterby.example", "anne"], "group": "staff"},
    "Birthe Lund": {"keys": ["birthe.lund@post.example"], "group": "citizen"},
}}


def _turns():
    rows = [("a", "anne.mikkelsen@vesterby.example"), ("b", "ANNE"), ("c", "anne mikkelsen"), ("d", "someone")]
    return derive(from_records([{"id": i, "conversation_id": "c", "speaker": s, "text": "x", "channel": "chat",
                                 "source": f"f#{i}"} for i, s in rows]))


def test_keys_resolve_case_insensitively_and_attributes_attach():
    out = resolve_speakers(_turns(), PEOPLE)
    assert list(out["speaker"]) == ["Anne Mikkelsen"] * 3 + ["someone"]
    assert list(out["meta.speaker_key"])[:2] == ["anne.mikkelsen@vesterby.example", "ANNE"]
    assert out["meta.speaker.group"].tolist()[:3] == ["staff"] * 3
    assert out["meta.speaker.group"].isna().tolist()[3]


def test_bad_people_file_is_named(tmp_path):
    f = tmp_path / "people.yaml"
    f.write_text("people:\n  Anne: {keys: anne}\n")
    with pytest.raises(FormatError, match=r"people\.yaml, people\.Anne\.keys"):
        resolve_speakers(_turns(), f)
