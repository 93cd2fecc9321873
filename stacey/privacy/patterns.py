"""Detectors of personal data in text: e-mail, phone, CPR, IBAN, account numbers, URLs.

Each detector is a function ``text -> list[(start, end)]`` of spans. They are
written for Danish and English text and tested on a planted set
(``benchmarks/privacy_recall.py``; ``tests/privacy/``). Regular expressions
alone over-match numbers, so each detector adds the check the format allows:
CPR numbers must carry a real date, IBANs must pass the ISO 7064 mod-97 check,
phone numbers must not look like dates, times or amounts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

__all__ = ["DETECTORS", "find_spans", "iban_valid", "cpr_valid"]

Span = tuple[int, int]

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}(?![\w-])"
    # list-archive obfuscations: "user at host.dk", "user (at) host dot dk", "user ( at ) host.dk"
    r"|(?<![\w.-])[\w.+-]+\s*(?:\(\s*at\s*\)|\[\s*at\s*\]|\sat\s)\s*(?:[\w-]+\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\]|\sdot\s)\s*)+"
    r"(?:[a-z]{2,})\b",
    re.IGNORECASE,
)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]", re.IGNORECASE)

# CPR: DDMMYY-XXXX or DDMMYYXXXX (also with a space), not inside a longer number
_CPR = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?![\d-])")

# IBAN: two letters, two check digits, 11-30 alphanumerics, optionally in groups of four
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)\b")

# Danish bank account: reg.nr. (4 digits) + account (6-10 digits), "1234-1234567890", "reg. 1234 konto 12345678"
_ACCOUNT = re.compile(
    r"(?:(?:reg\.?\s*(?:nr\.?)?|registreringsnummer|sort code)\s*:?\s*)?\b\d{4}(?:\s*[-/]\s*|\s+(?:konto(?:nr\.?|nummer)?|kontonr\.?|account(?: no\.?| number)?)\s*:?\s*)\d{6,10}\b"
    r"|\b(?:kontonummer|kontonr\.?|konto|account number|account no\.?|acct\.?)\s*:?\s*\d[\d -]{5,14}\d\b",
    re.IGNORECASE,
)

# Phone: +CC or 00CC prefix and/or 8-15 digits in groups of 2-4, separated by space, dot, dash, parens
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:(?:\+|00)\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}(?![\w/-])"
)
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
_TIME_LIKE = re.compile(r"^\d{1,2}[.:]\d{2}(?:\s*-\s*\d{1,2}[.:]\d{2})?$")
_PHONE_CONTEXT = re.compile(r"(?:tlf|telefon|mobil|phone|tel|ring|call|sms|mob)\.?\s*(?:nr\.?|no\.?|number|nummer)?\s*:?\s*$",
                            re.IGNORECASE)


def cpr_valid(day: str, month: str, year: str, seq: str) -> bool:
    """True when DDMMYY is a real date for one of the centuries the 7th digit allows.

    The modulus-11 check is not applied: CPR numbers issued since 2007 need not pass it.
    """
    d, m, y, s7 = int(day), int(month), int(year), int(seq[0])
    centuries = {0: (1900,), 1: (1900,), 2: (1900,), 3: (1900,), 4: (2000, 1900), 9: (2000, 1900),
                 5: (2000, 1800), 6: (2000, 1800), 7: (2000, 1800), 8: (2000, 1800)}[s7]
    for c in centuries:
        try:
            date(c + y, m, d)
            return True
        except ValueError:
            continue
    return False


def iban_valid(iban: str) -> bool:
    """ISO 13616 IBAN check: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    s = iban.replace(" ", "").upper()
    if not 15 <= len(s) <= 34:
        return False
    digits = "".join(str(int(ch, 36)) for ch in s[4:] + s[:4])
    return int(digits) % 97 == 1


def _emails(text: str) -> list[Span]:
    return [m.span() for m in _EMAIL.finditer(text)]


def _urls(text: str) -> list[Span]:
    return [m.span() for m in _URL.finditer(text)]


def _cprs(text: str) -> list[Span]:
    return [m.span() for m in _CPR.finditer(text) if cpr_valid(*m.groups())]


def _ibans(text: str) -> list[Span]:
    return [m.span(1) for m in _IBAN.finditer(text) if iban_valid(m.group(1))]


def _accounts(text: str) -> list[Span]:
    return [m.span() for m in _ACCOUNT.finditer(text)]


def _phones(text: str) -> list[Span]:
    spans = []
    for m in _PHONE.finditer(text):
        raw = m.group(0)
        digits = re.sub(r"\D", "", raw)
        prefixed = raw.startswith(("+", "00"))
        context = bool(_PHONE_CONTEXT.search(text[max(0, m.start() - 20):m.start()]))
        if _DATE_LIKE.match(raw) or _TIME_LIKE.match(raw):
            continue
        if re.search(r"\b[A-Z]{2}\d{2} ?$", text[max(0, m.start() - 6):m.start()]):
            continue  # the body of an IBAN whose check digits failed: not a phone number
        if prefixed and 8 <= len(digits) <= 15:
            spans.append(m.span())
        elif len(digits) == 8 and (re.fullmatch(r"\d{8}|\d{2}( \d{2}){3}|\d{4} \d{4}|\d{2}(-\d{2}){3}|\d{2}(\.\d{2}){3}", raw)
                                   or context):
            if re.fullmatch(r"(19|20)\d{6}", digits) and not context and "." not in raw and " " not in raw:
                continue  # 20240301: a compact date, not a phone number
            spans.append(m.span())
        elif context and 7 <= len(digits) <= 15:
            spans.append(m.span())
        elif 10 <= len(digits) <= 15 and re.search(r"[\s.-]", raw) and re.match(r"^\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$", raw):
            spans.append(m.span())  # North American 555-123-4567 / (555) 123-4567
    return spans


#: kind -> detector, in the order they are applied (longer, more specific formats first)
DETECTORS: dict[str, Callable[[str], list[Span]]] = {
    "email": _emails,
    "url": _urls,
    "iban": _ibans,
    "cpr": _cprs,
    "account": _accounts,
    "phone": _phones,
}


def find_spans(text: str, kinds: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, kind)`` spans of the given kinds, earlier kinds winning overlaps."""
    taken: list[tuple[int, int, str]] = []
    for kind in DETECTORS:
        if kind not in kinds:
            continue
        for s, e in DETECTORS[kind](text):
            if all(e <= ts or s >= te for ts, te, _ in taken):
                taken.append((s, e, kind))
    return sorted(taken)
