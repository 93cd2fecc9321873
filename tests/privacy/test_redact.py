"""Redaction of personal data in text columns."""

import pytest

from stacey.errors import StaceyError
from stacey.privacy import redact
from stacey.privacy.patterns import cpr_valid, iban_valid
from stacey.privacy.redact import redact_text
from stacey.turns import derive, from_records


def test_hand_checked_patterns():
    assert redact_text("Ring på +45 12 34 56 78 eller 87654321.") == "Ring på [PHONE] eller [PHONE]."
    assert redact_text("CPR 010190-1234 og 0101901234") == "CPR [CPR] og [CPR]"
    assert redact_text("CPR 320190-1234") == "CPR 320190-1234"  # no 32nd day: not a CPR number
    assert redact_text("IBAN DK50 0040 0440 1162 43.") == "IBAN [IBAN]."
    assert redact_text("IBAN DK51 0040 0440 1162 43") == "IBAN DK51 0040 0440 1162 43"  # bad check digits
    assert redact_text("mail anne at post dot example nu") == "mail [EMAIL] nu"
    assert redact_text("Mødet er 2024-03-01 kl. 10.30") == "Mødet er 2024-03-01 kl. 10.30"
    assert redact_text("se https://vesterby.example/faq", ("url",)) == "se [URL]"


def test_checks():
    assert iban_valid("GB82 WEST 1234 5698 7654 32") and not iban_valid("GB82 WEST 1234 5698 7654 33")
    assert cpr_valid("29", "02", "00", "4123") and not cpr_valid("29", "02", "01", "1234")


def test_redact_table_numbers_persons_and_keeps_keys():
    turns = derive(from_records([
        {"id": "a@x.example", "conversation_id": "a@x.example", "speaker": "anne@post.example",
         "text": "Hej Bo, skriv til anne@post.example", "channel": "mail", "source": "f#1", "meta.name": "Anne Lund"},
        {"id": "b", "conversation_id": "a@x.example", "reply_to": "a@x.example", "speaker": "bo",
         "text": "Tak Anne! Ring 12345678", "channel": "mail", "source": "f#2", "meta.name": "Bo"},
    ]))
    out = redact(turns)
    assert list(out["text"]) == ["Hej [PERSON_2], skriv til [EMAIL]", "Tak [PERSON_1]! Ring [PHONE]"]
    assert list(out["id"]) == ["a@x.example", "b"] and list(out["speaker"]) == ["anne@post.example", "bo"]
    assert list(out["meta.name"]) == ["[PERSON_1]", "[PERSON_2]"]


def test_entities_need_a_trained_pipeline():
    turns = derive(from_records([{"id": "a", "conversation_id": "a", "speaker": "s", "text": "t",
                                  "channel": "chat", "source": "f"}]))
    with pytest.raises(StaceyError, match="trained spaCy pipeline"):
        redact(turns, kinds=("entities",))
    with pytest.raises(StaceyError, match="not installed"):
        redact(turns, kinds=("entities",), nlp="xx_no_such_pipeline")
    with pytest.raises(ValueError, match="unknown kinds"):
        redact(turns, kinds=("shoe_size",))
