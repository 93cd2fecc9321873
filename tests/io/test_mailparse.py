"""The fast path of parse_message gives exactly what the standard-library path gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from stacey.io import _mailparse
from stacey.io._mailparse import _addresses, _fast_parse, _simple_addresses, parse_message
from stacey.io.mail import iter_mbox

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


def _slow(raw: bytes, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(_mailparse, "_fast_parse", lambda raw: None)
        return parse_message(raw)


def _messages() -> list[bytes]:
    raws = []
    for f in sorted(FIXTURES.rglob("*")):
        if not f.is_file() or f.name == "README":
            continue
        if f.suffix in (".mbox", ".gz") or f.name.endswith(".mbox.gz"):
            raws += [raw for _, _, raw in iter_mbox(f)]
        else:
            raws.append(f.read_bytes())
    return raws


SIMPLE = (
    b"Message-ID: <a1@x.dk>\nFrom: Anne Jensen <Anne@X.dk>\nTo: bo@x.dk, Ib <ib@x.dk>\n"
    b"Subject: =?utf-8?q?Status_p=C3=A5?=\n folded\nDate: Mon, 07 Jan 2019 10:05:00 +0100\n"
    b"Content-Type: text/plain; charset=\"utf-8\"; format=flowed\nContent-Transfer-Encoding: 8bit\n\n"
    + "Hej Bo,\n\nDet g\u00e5r fint.\n\n-- \nAnne\n".encode()
)
QP = (b"Message-ID: <q1@x.dk>\nFrom: bo@x.dk\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
      b"Content-Transfer-Encoding: quoted-printable\n\nS=C3=B8ren skrev en lang linje som er =\nfoldet.\n")
B64 = (b"Message-ID: <b1@x.dk>\nFrom: bo@x.dk\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
       b"Content-Transfer-Encoding: base64\n\nSGVqIFPDuHJlbiwgdGFrIGZvciBzaWRzdC4K\n")
LATIN = (b"Message-ID: <l1@x.dk>\nFrom: bo@x.dk\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n"
         b"Gr\xf8d med sm\xf8r\n")
NOT_FAST = [
    b"From: a@b\nContent-Type: text/html\n\n<p>x</p>\n",
    b"From: a@b\nContent-Disposition: attachment\n\nx\n",
    b"From: a@b\r\nSubject: x\r\n\r\nbody\r\n",
    "From: S\u00f8ren <s@x.dk>\n\nx\n".encode(),
    b"From: a@b\nContent-Type: text/plain; charset*=utf-8''x\n\nx\n",
    b"From: a@b\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\nx\n--x--\n",
    b"From a@b Mon Jan 07 09:05:00 2019\nFrom: a@b\n\nx\n",
    b"From: a@b\nSubject : x\n\nx\n",
]


@pytest.mark.parametrize("raw", [SIMPLE, QP, B64, LATIN], ids=["8bit", "qp", "base64", "latin1"])
def test_fast_path_taken_and_equal(raw, monkeypatch):
    assert _fast_parse(raw) is not None
    assert parse_message(raw) == _slow(raw, monkeypatch)


@pytest.mark.parametrize("raw", NOT_FAST)
def test_unusual_messages_go_to_the_standard_library(raw):
    assert _fast_parse(raw) is None


def test_every_fixture_message_parses_the_same(monkeypatch):
    raws = _messages()
    assert len(raws) > 10
    fast = sum(_fast_parse(r) is not None for r in raws)
    assert fast > 0
    for raw in raws:
        try:
            want = _slow(raw, monkeypatch)
        except _mailparse.MailParseError:
            with pytest.raises(_mailparse.MailParseError):
                parse_message(raw)
            continue
        assert parse_message(raw) == want


@pytest.mark.parametrize("value", [
    "Anne Jensen <Anne@X.dk>", "<a@b.c>", "a@b.c", "Anne  Jensen   <anne@x.dk>, bo@y.dk", "  Ib <ib@x.dk>  ",
    "x y <a.b+c@d-e.f>", "Anne O'Neil <a@b>", "Anne\n Jensen <a@b.dk>",
])
def test_simple_addresses_equal_getaddresses(value, monkeypatch):
    from email.utils import getaddresses

    assert _simple_addresses(value) == [(n, a.lower()) for n, a in getaddresses([value]) if n or a]
    assert _addresses(value) == _simple_addresses(value)


@pytest.mark.parametrize("value", ['"Jensen, Anne" <a@b>', "a@b (Anne)", "Anne J. Jensen <a@b>", "a@b.c, ", ""])
def test_other_address_forms_are_left_to_getaddresses(value):
    assert _simple_addresses(value) is None


ALT_HEAD = (b"Message-ID: <m1@x.dk>\nFrom: Bo <bo@x.dk>\nSubject: x\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/alternative; boundary=\"=_b\"\n\n")
PLAIN_PART = b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nS=C3=B8ren her.\n\n-- \nBo\n"
HTML_PART = b"Content-Type: text/html; charset=utf-8\n\n<p>S\xc3\xb8ren <b>her</b>.</p>\n"
ALTERNATIVES = {
    "plain+html": ALT_HEAD + b"--=_b\n" + PLAIN_PART + b"--=_b\n" + HTML_PART + b"--=_b--\n",
    "preamble+epilogue+blanks": ALT_HEAD + b"This is MIME.\n--=_b \t\n" + PLAIN_PART + b"--=_bx not a boundary\n"
                                + b"--=_b\n" + HTML_PART + b"--=_b-- \nepilogue\n--=_b\nignored\n",
    "html only": ALT_HEAD + b"--=_b\n" + HTML_PART + b"--=_b--",
    "two plains, blank tail": ALT_HEAD + b"--=_b\n" + PLAIN_PART + b"--=_b\nContent-Type: text/plain\n\n\n\n--=_b--\n",
    "base64 part": ALT_HEAD + b"--=_b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                   b"SGVqIFPDuHJlbiwgdGFrIGZvciBzaWRzdC4K\n--=_b--\n",
}
NOT_FAST_ALTERNATIVES = {
    "no closing boundary": ALT_HEAD + b"--=_b\n" + PLAIN_PART,
    "two boundaries in a row": ALT_HEAD + b"--=_b\n--=_b\n" + PLAIN_PART + b"--=_b--\n",
    "part without headers": ALT_HEAD + b"--=_b\n\nJust text.\n--=_b--\n",
    "part without a blank line": ALT_HEAD + b"--=_b\nContent-Type: text/plain\n--=_b--\n",
    "CR line ends": ALT_HEAD + b"--=_b\r\n" + PLAIN_PART + b"--=_b--\r\n",
    "nested multipart": ALT_HEAD + b"--=_b\nContent-Type: multipart/related; boundary=c\n\n--c\n\nx\n--c--\n--=_b--\n",
    "attachment part": ALT_HEAD + b"--=_b\nContent-Disposition: attachment\n\nx\n--=_b--\n",
    "angle-quoted boundary": ALT_HEAD.replace(b'"=_b"', b'"<=_b>"') + b"--<=_b>\n" + PLAIN_PART + b"--<=_b>--\n",
}


@pytest.mark.parametrize("raw", list(ALTERNATIVES.values()), ids=list(ALTERNATIVES))
def test_fast_multipart_alternative_taken_and_equal(raw, monkeypatch):
    assert _fast_parse(raw) is not None
    assert parse_message(raw) == _slow(raw, monkeypatch)


@pytest.mark.parametrize("raw", list(NOT_FAST_ALTERNATIVES.values()), ids=list(NOT_FAST_ALTERNATIVES))
def test_unusual_multiparts_go_to_the_standard_library(raw, monkeypatch):
    assert _fast_parse(raw) is None
    assert parse_message(raw) == _slow(raw, monkeypatch)
