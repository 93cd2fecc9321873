"""Own words of a mail or post: strip quoted text, signatures and list footers.

A reply usually carries more than its author's new words: the message it
answers (``>`` blocks, an "On ... wrote:" attribution, an Outlook header block
"From:/Sent:/To:/Subject:" or "Fra:/Sendt:/Til:/Emne:"), a signature ("-- ",
"Med venlig hilsen", "Sendt fra min iPhone") and footers a mailing list or
service adds. Left in, a quote makes a reply look like perfect uptake of its
parent. :func:`split_reply` keeps the author's own words and returns what it
removed, so the cleaning can be audited; :func:`segments` labels every part.

The method is line based and written for this toolkit (measured against
email-reply-parser and mail-parser-reply in ``benchmarks/reply_parsing.py``):

1. ``>`` lines are quotes; an attribution line (up to three wrapped lines
   ending in "wrote:", "skrev:", "schrieb:", "schreef:", "a écrit :", ...) just
   before a ``>`` block belongs to the quote. Own lines after a quote are kept
   (inline replies).
2. A quoted message without ``>`` marks ends the own text: an attribution that
   starts with a date word ("On", "Den", "Am", "Op", "Le", ...) and is not
   followed by ``>`` lines, an "-----Original Message-----" separator in any of
   the supported languages, "Begin forwarded message:", or a header block (two
   or more lines labelled From/Sent/To/Subject/Date/Cc, or Danish, Norwegian,
   Swedish, German, Dutch, French, Spanish, Italian equivalents, including
   ``*From:*`` bold forms), with the divider line above it.
3. In what is left, from the end of each run of own lines: a signature starts at
   a "-- " (or "--") line, a "Sent from my iPhone" line in any supported
   language, a closing formula alone on its line ("Med venlig hilsen", "Mvh",
   "Best regards", "Mit freundlichen Grüßen", "Met vriendelijke groet",
   "Cordialement", ...) followed by at most a few short lines, or a "-Name" or
   "/Name" sign-off; a footer starts at a line of underscores before "mailing list" /
   "listinfo" text, at a long rule (30 or more ``-``, ``_``, ``=`` or ``*``)
   followed by at most ten lines with a link (list adverts), or at the
   well-known notices of Google Groups, GitHub and Mailman ("next part").

Thanks ("Thanks,", "Tak") are kept: they are part of what a reply says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

__all__ = ["Segment", "segments", "split_reply", "LANGUAGES"]

#: Languages whose conventions are known (ISO 639-1); ``lang=None`` uses all.
LANGUAGES = ("en", "da", "no", "sv", "de", "nl", "fr", "es", "it")

# --- attribution lines ("On <date>, <name> wrote:") -------------------------------
_WROTE = {
    "en": r"wrote|writes|Quoting",
    "da": r"skrev",
    "no": r"skrev",
    "sv": r"skrev",
    "de": r"schrieb|geschrieben|Zitat von",
    "nl": r"schreef|geschreven",
    "fr": r"a\s+écrit|écrit",
    "es": r"escribió",
    "it": r"ha\s+scritto",
}
_LEAD = {
    "en": r"On",
    "da": r"Den|D\.|(?:man|tir|ons|tor|fre|lør|søn)[a-zæøå]*\.?",
    "no": r"Den|(?:man|tir|ons|tor|fre|lør|søn)[a-zæøå]*\.?",
    "sv": r"Den|(?:mån|tis|ons|tor|fre|lör|sön)[a-zåäö]*\.?",
    "de": r"Am",
    "nl": r"Op",
    "fr": r"Le",
    "es": r"El",
    "it": r"Il",
}
# --- "-----Original Message-----" and forwarded-message separators ----------------
_ORIGINAL = {
    "en": r"Original Message|Forwarded message|Begin forwarded message:?",
    "da": r"Oprindelig meddelelse|Original meddelelse|Videresendt meddelelse|Videresendt besked",
    "no": r"Opprinnelig melding|Videresendt melding",
    "sv": r"Ursprungligt meddelande|Originalmeddelande|Vidarebefordrat meddelande",
    "de": r"Ursprüngliche Nachricht|Originalnachricht|Weitergeleitete Nachricht",
    "nl": r"Oorspronkelijk bericht|Origineel bericht|Doorgestuurd bericht",
    "fr": r"Message d'origine|Message original|Message transféré",
    "es": r"Mensaje original|Mensaje reenviado",
    "it": r"Messaggio originale|Messaggio inoltrato",
}
# --- header block labels ------------------------------------------------------------
_FROM = {
    "en": r"From", "da": r"Fra|Afsender", "no": r"Fra|Avsender", "sv": r"Från|Avsändare",
    "de": r"Von|Absender", "nl": r"Van|Afzender", "fr": r"De|Expéditeur", "es": r"De|Remitente", "it": r"Da|Mittente",
}
_OTHER = {
    "en": r"Sent|Date|To|Subject|Cc|Bcc|Reply-To|Importance",
    "da": r"Sendt|Dato|Til|Emne|Cc|Kopi|Bcc|Vedhæftet|Vigtighed",
    "no": r"Sendt|Dato|Til|Emne|Kopi|Cc|Bcc",
    "sv": r"Skickat|Datum|Till|Ämne|Kopia|Cc|Bcc",
    "de": r"Gesendet|Datum|An|Betreff|Cc|Kopie|Bcc",
    "nl": r"Verzonden|Datum|Aan|Onderwerp|Cc|Bcc",
    "fr": r"Envoyé|Date|À|A|Objet|Cc|Cci",
    "es": r"Enviado|Fecha|Para|Asunto|Cc|CC",
    "it": r"Inviato|Data|A|Oggetto|Cc",
}
# --- "Sent from my iPhone" -------------------------------------------------------------
_SENT_FROM = {
    "en": r"Sent from my\s+[\w\-\. ]{2,40}|Sent from (?:Outlook|Mail|Yahoo Mail|Gmail)(?: for \w+)?"
          r"|Sent (?:from|via|with) (?:the )?(?:Samsung|Android|BlackBerry|iPhone|iPad)[\w\- ]{0,30}"
          r"|Get Outlook for \w+",
    "da": r"Sendt fra min\s+[\w\-\. ]{2,40}|Sendt fra (?:Outlook|Mail)(?: til \w+)?|Hent Outlook til \w+",
    "no": r"Sendt fra min\s+[\w\-\. ]{2,40}|Sendt fra (?:Outlook|Mail)(?: for \w+)?|Få Outlook for \w+",
    "sv": r"Skickat från min\s+[\w\-\. ]{2,40}|Skickat från (?:Outlook|Mail)(?: för \w+)?|Hämta Outlook för \w+",
    "de": r"(?:Von meinem|Gesendet von meinem)\s+[\w\-\. ]{2,40}?(?: gesendet)?|Gesendet von (?:Outlook|Mail)"
          r"(?: für \w+)?|Outlook für \w+ beziehen",
    "nl": r"(?:Verzonden|Verstuurd) (?:vanaf|met|van) mijn\s+[\w\-\. ]{2,40}|Outlook voor \w+ downloaden",
    "fr": r"Envoyé (?:de|depuis) mon\s+[\w\-\. ]{2,40}|Obtenir Outlook pour \w+",
    "es": r"Enviado desde mi\s+[\w\-\. ]{2,40}",
    "it": r"Inviato da(?:l mio)?\s+[\w\-\. ]{2,40}",
}
# --- closing formulas ("Med venlig hilsen") ----------------------------------------------
_CLOSING = {
    "en": r"(?:Best|Kind|Warm|Warmest|With kind|With best)?\s*regards|Regards|Best wishes|All the best"
          r"|Cheers(?=\s*[,!]|\s*$)|(?:Yours )?sincerely|Yours truly|Best(?=\s*,)|BR(?=\s*,)|Rgds",
    "da": r"(?:Med )?(?:venlig|venligst|kærlig|bedste|mange) hilsen|(?:De )?bedste hilsner|Venlig hilsen|Hilsen"
          r"|Mvh|Vh|Kh|Bh|Dbh|Hilsner|Knus",
    "no": r"(?:Med )?vennlig hilsen|Vennlig hilsen|Beste hilsen|Hilsen|Mvh|Vh",
    "sv": r"(?:Med )?vänliga hälsningar|Vänliga hälsningar|Bästa hälsningar|Hälsningar|Mvh|Vh",
    "de": r"Mit freundlichen Grüßen|Mit freundlichen Gruessen|Freundliche Grüße|(?:Viele|Beste|Liebe|Herzliche) Grüße"
          r"|Gruß|Grüße|MfG|LG|VG",
    "nl": r"Met vriendelijke groet(?:en)?|Vriendelijke groet(?:en)?|Hartelijke groet(?:en)?|Groeten|Groet|Mvg",
    "fr": r"(?:Bien )?cordialement|Bien à vous|Salutations(?: distinguées)?|Amitiés|Bonne journée",
    "es": r"Saludos(?: cordiales)?|Un saludo|Atentamente|Cordialmente",
    "it": r"Cordiali saluti|Distinti saluti|Saluti",
}

# each notice with text every match of it holds (lower case): a text holding none of these holds no notice
_FOOTER_NOTICES = (
    (r"^-{5,} next part -{5,}$", " next part "),
    (r"^An HTML attachment was scrubbed", "an html attachment was scrubbed"),
    (r"You received this (?:message|email) because you are subscribed to", "because you are subscribed to"),
    (r"Reply to this email directly(?:,)? (?:or )?view it on GitHub", "view it on github"),
    (r"You are receiving this because you", "you are receiving this because you"),
    (r"To unsubscribe from this group", "to unsubscribe from this group"),
    (r"^To unsubscribe,? (?:send|e-?mail|visit)", "to unsubscribe"),
    (r"Du modtager denne (?:mail|e-mail|besked) fordi", "du modtager denne "),
    (r"Afmeld (?:dig )?(?:nyhedsbrevet|listen)", "afmeld "),
)

_QUOTE = re.compile(r"^[ \t]*>")
_BLANK = re.compile(r"^\s*$")
_DIVIDER = re.compile(r"^\s*[-_=*─—]{4,}\s*$")
_FOOTER_LEAD = re.compile(r"^\s*(?:[-_=─—–]+|-- ?)\s*$")
_SIG_DASH = re.compile(r"^(?:--|-- |__)\s*$")
_SIGNOFF = re.compile(r"^(?:-{1,2}|/)[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,2}\s*$")
_UNDERSCORES = re.compile(r"^\s*_{5,}\s*$")
_TIME_OR_ADDRESS = re.compile(r"\b\d{1,2}[:.]\d{2}\b|@")
_LONG_DIVIDER = re.compile(r"^\s*(?:-{30,}|_{30,}|={30,}|\*{30,})\s*$")
_URL = re.compile(r"https?://|www\.|mailing list|@lists?\.", re.I)
_LIST_FOOTER = re.compile(r"mailing list|listinfo|/mailman/|@lists?\.|unsubscribe|afmeld", re.I)


def _lower_words(pattern: str) -> str:
    """A pattern of words for lower-cased text: its letters in lower case.

    Raises when the pattern holds syntax that lower-casing would change (an upper-case escape
    such as ``\\S`` or ``\\W``, or a character class with an upper-case letter).
    """
    if re.search(r"\\[A-Z]|\[[^\]]*[A-Z][^\]]*\]", pattern):
        raise ValueError(f"reply patterns: cannot lower-case {pattern[:60]!r}...")
    return pattern.lower()


def _alt(table: dict[str, str], langs: Iterable[str]) -> str:
    return "|".join(f"(?:{table[k]})" for k in langs if table.get(k))


@dataclass(frozen=True)
class _Patterns:
    attribution: re.Pattern[str]
    attribution_lead: re.Pattern[str]
    dated: re.Pattern[str]
    original: re.Pattern[str]
    from_label: re.Pattern[str]
    any_label: re.Pattern[str]
    sent_from: re.Pattern[str]
    closing: re.Pattern[str]
    notice: re.Pattern[str]
    signature_any: re.Pattern[str]


_CACHE: dict[tuple[str, ...], _Patterns] = {}


def _patterns(lang: str | Iterable[str] | None) -> _Patterns:
    if lang is None:
        langs: tuple[str, ...] = LANGUAGES
    else:
        wanted = [lang] if isinstance(lang, str) else list(lang)
        langs = tuple(dict.fromkeys(["en", *(str(w).lower()[:2] for w in wanted)]))
        langs = tuple("no" if k == "nb" or k == "nn" else k for k in langs)
        unknown = [k for k in langs if k not in LANGUAGES]
        if unknown:
            raise ValueError(f"lang {unknown}: unknown; known: {', '.join(LANGUAGES)}")
    if langs in _CACHE:
        return _CACHE[langs]
    wrote = _alt(_WROTE, langs)
    lead = _alt(_LEAD, langs)
    label_any = f"{_alt(_FROM, langs)}|{_alt(_OTHER, langs)}"
    sent_from = rf"^\s*(?:{_alt(_SENT_FROM, langs)})\s*\.?\s*(?:<[^<>\s]*>\s*)?$"
    closing = (rf"^\s*(?:{_alt(_CLOSING, langs)})\s*[,.!:;]?(?:\s*[-–/|]?\s*[^\W\d_][\w.'’-]*){{0,3}}"
               r"\s*[,.!]?\s*$")
    # Each line test of a signature start is anchored at the line start, so their alternation
    # matches a line exactly when one of them does: one test rules out most lines. It is run on
    # the lower-cased line (see _lowered), with the case-insensitive tests' words in lower case
    # and case-sensitive: the same answer, but each alternative word is ruled out by its first
    # letter (an IGNORECASE alternation tries every word in full).
    sig_tests = (_UNDERSCORES.pattern, _LONG_DIVIDER.pattern, _SIG_DASH.pattern,
                 sent_from.replace(_alt(_SENT_FROM, langs), _lower_words(_alt(_SENT_FROM, langs))),
                 closing.replace(_alt(_CLOSING, langs), _lower_words(_alt(_CLOSING, langs))), _SIGNOFF.pattern)
    pats = _Patterns(
        # an attribution: short, ends with a verb of writing and a colon (or the verb is followed by name/date)
        attribution=re.compile(
            rf"^.{{0,250}}(?:\b|(?<=>))(?:{wrote})\b[^\n]{{0,120}}:\s*$|^.{{0,250}}(?:\b|(?<=>))(?:{wrote})\s*:?\s*$",
            re.I),
        # a date word, or a date itself ("2016-04-14 11:06 GMT+02:00 Name <x>:", "20. maj 2024 kl. 10.12 skrev")
        attribution_lead=re.compile(rf"^(?:(?:{lead})\b|\d{{1,4}}[-./ ])", re.I),
        dated=re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}.{0,200}(?:<[^<>\s]+@[^<>\s]+>|@\S+)\s*:\s*$"),
        original=re.compile(rf"^\s*[-_=* ]*(?:{_alt(_ORIGINAL, langs)})[-_=* ]*:?\s*$", re.I),
        from_label=re.compile(rf"^\s*\**\s*(?:{_alt(_FROM, langs)})\s*:", re.I),
        any_label=re.compile(rf"^\s*\**\s*(?:{label_any})\s*:", re.I),
        sent_from=re.compile(sent_from, re.I),
        closing=re.compile(closing, re.I),
        notice=re.compile("|".join(f"(?:{n})" for n, _ in _FOOTER_NOTICES), re.I | re.M),
        signature_any=re.compile("|".join(f"(?:{t})" for t in sig_tests)),
    )
    _CACHE[langs] = pats
    return pats


@dataclass(frozen=True)
class Segment:
    """A run of lines with one role.

    ``kind`` is ``own`` (the author's words), ``quote`` (quoted text and its
    attribution or header block), ``signature`` or ``footer``.
    """

    kind: str
    text: str


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    return [line.rstrip() for line in text.split("\n")]


# compiled once: the stdlib parser compiles a pattern per MIME boundary, which flushes re's own cache
_DIGIT_OR_AT = re.compile(r"\d|@")
_BLANK_RUN = re.compile(r"\n{3,}")


def _literal_words(table: dict[str, str], *, last: bool) -> tuple[str, ...]:
    """Lower-cased literal text of the alternatives of ``table``: each one's last word, or all of it.

    Words are separated by spaces or ``\\s+``; a trailing ``:?`` is dropped. An alternative
    with other pattern syntax raises, so a new table entry cannot silently weaken a prefilter.
    """
    found: dict[str, None] = {}
    for alts in table.values():
        for alt in alts.split("|"):
            text = alt[:-2] if alt.endswith(":?") else alt
            parts = re.split(r"\\s\+| ", text)
            if any(re.escape(w) != w for w in parts):
                raise ValueError(f"reply prefilter: {alt!r} is not literal text")
            found[parts[-1].lower() if last else " ".join(parts).lower()] = None
    return tuple(found)


# Prefilters of the quote scan (most lines are prose and pass neither):
# - an attribution (``attribution`` or ``dated``) ends with a colon or with its verb of writing,
#   so one of its (up to three) lines ends with ":" or with the last word of a verb; compared in
#   lower case, which is what re.IGNORECASE compares, once the few letters it folds specially
#   (İ, ı, ſ) are mapped;
# - an "Original Message" separator is its phrase between dividers: stripped of whitespace,
#   divider characters and the colon, the line is no longer than the longest phrase.
_VERB_ENDS = _literal_words(_WROTE, last=True)
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_ORIGINAL_LONGEST = max(map(len, _literal_words(_ORIGINAL, last=False)))
_ORIGINAL_DECOR = "-_=* :"


def _may_end(low: list[str], k: int) -> bool:
    """Whether an attribution can end on line ``k`` (lower-cased lines, see :func:`_lowered`):
    it ends with a colon or with the last word of a verb of writing."""
    line = low[k]
    return line[-1:] == ":" or line.endswith(_VERB_ENDS)


def _lowered(joined: str) -> str:
    """The text in lower case as re.IGNORECASE compares it, letter for letter (same length, same lines).

    The three letters IGNORECASE folds otherwise than ``str.lower`` (İ, dotless ı, long ſ) are
    mapped first (``str.lower`` makes two characters of İ).
    """
    if "\u0130" in joined or "\u0131" in joined or "\u017f" in joined:
        joined = joined.translate(_FOLD)
    return joined.lower()


def _attribution_end(lines: list[str], i: int, pats: _Patterns) -> int:
    """If an attribution starts at line ``i``, the index of its last line; else -1."""
    line = lines[i].strip()
    if not line or _QUOTE.match(line) or len(line) > 400:
        return -1
    joined = line
    # a wrapped attribution starts with its date word or carries a date/address on its first line
    wraps = bool(pats.attribution_lead.match(line) or _DIGIT_OR_AT.search(line))
    for j in range(i, min(i + 3, len(lines))):
        if j > i:
            if not wraps:
                break
            nxt = lines[j].strip()
            if not nxt or _QUOTE.match(nxt):
                break
            joined = f"{joined} {nxt}" if not joined.endswith(("<", "(")) else joined + nxt
        if len(joined) <= 400 and (pats.attribution.match(joined) or pats.dated.match(joined)):
            return j
    return -1


def _next_nonblank(lines: list[str], j: int) -> int:
    while j < len(lines) and _BLANK.match(lines[j]):
        j += 1
    return j


def _header_block(lines: list[str], i: int, pats: _Patterns) -> bool:
    """Whether a mail header block ("From:/Sent:/To:/Subject:") starts at line ``i``."""
    if not pats.any_label.match(lines[i]):
        return False
    labels = 0
    has_from = False
    gaps = 0
    j = i
    while j < len(lines) and j < i + 12:
        line = lines[j]
        if pats.any_label.match(line):
            labels += 1
            has_from = has_from or bool(pats.from_label.match(line))
            gaps = 0
        elif _BLANK.match(line):
            break
        else:
            gaps += 1
            if gaps > 1:
                break
        j += 1
    return (labels >= 2 and has_from) or labels >= 3


def _cut_start(lines: list[str], i: int) -> int:
    """Extend a cut upwards over blank lines and one divider line."""
    k = i
    while k > 0 and _BLANK.match(lines[k - 1]):
        k -= 1
    if k > 0 and (_DIVIDER.match(lines[k - 1])):
        k -= 1
    return k


def _label_own_run(lines: list[str], low: list[str], kinds: list[str], start: int, stop: int,
                   pats: _Patterns) -> None:
    """Find signatures and footers in the own lines ``start:stop`` (``low``: the lines lower-cased).

    The first line (in order) that passes one of the tests starts the cut. Every test but the
    notice search allows at most 15 non-blank lines after the line, so without a notice in the
    run only its last 16 non-blank lines are tested, each first against all line tests at once.
    """
    nonblank = [k for k in range(start, stop) if lines[k]]
    if not nonblank:
        return
    total = len(nonblank)
    # a notice is looked for only in a run holding one's words
    run_low = "\n".join(low[start:stop])
    has_notice = any(word in run_low for _, word in _FOOTER_NOTICES) and \
        pats.notice.search("\n".join(lines[start:stop])) is not None
    first = 0 if has_notice else max(0, total - 16)
    cut: tuple[int, str] | None = None
    for p in range(first, total):
        k = nonblank[p]
        line = lines[k]
        if has_notice and pats.notice.search(line):
            begin = nonblank[p - 1] if p and _FOOTER_LEAD.match(lines[nonblank[p - 1]]) else k
            cut = (begin, "footer")
            break
        if not pats.signature_any.match(low[k]):
            continue
        after = nonblank[p + 1:]
        if _UNDERSCORES.match(line) and after and any(_LIST_FOOTER.search(lines[m]) for m in after[:4]) \
                and len(after) <= 8:
            cut = (k, "footer")
            break
        if _LONG_DIVIDER.match(line) and 0 < len(after) <= 10 and any(_URL.search(lines[m]) for m in after):
            cut = (k, "footer")  # an advert or notice block a list appends below a long rule
            break
        if _SIG_DASH.match(line) and len(after) <= 15:
            if after and pats.notice.search("\n".join(lines[m] for m in after[:3])):
                cut = (k, "footer")
            else:
                cut = (k, "signature")
            break
        if pats.sent_from.match(line) and len(line.strip()) <= 70 and len(after) <= 3:
            cut = (k, "signature")
            break
        short_tail = len(after) <= 6 and all(len(lines[m].strip()) <= 80 for m in after)
        if p and short_tail and pats.closing.match(line) and len(line.strip()) <= 60:
            cut = (k, "signature")
            break
        if p and _SIGNOFF.match(line) and len(after) <= 4 and short_tail:
            cut = (k, "signature")
            break
    if cut is None:
        return
    begin, kind = cut
    for m in range(begin, stop):
        kinds[m] = kind


def segments(text: str, *, lang: str | Iterable[str] | None = None) -> list[Segment]:
    """Label the parts of a message body: own words, quotes, signatures, footers.

    Parameters
    ----------
    text
        A plain-text message body (HTML converted first; quoted HTML blocks
        given ``>`` marks).
    lang
        Language code(s) whose conventions to apply (``"da"``, ``["da", "en"]``);
        English is always included. None (default) applies every known
        language (see :data:`LANGUAGES`).

    Returns
    -------
    The body as consecutive :class:`Segment` runs, in order; blank lines stay
    with the run they are in. Joining all ``text`` values with newlines gives
    back the body (line endings normalised, trailing spaces removed).
    """
    return [Segment(kind, part) for kind, part in _segments(text, lang)]


def _segments(text: str, lang: str | Iterable[str] | None) -> list[tuple[str, str]]:
    """:func:`segments` as ``(kind, text)`` pairs."""
    pats = _patterns(lang)
    lines = _normalise(text)
    n = len(lines)
    kinds = ["own"] * n
    low_lines = _lowered("\n".join(lines)).split("\n")
    i = 0
    cut_at = n
    while i < n:
        line = lines[i]
        if not line:  # blank (lines are right-stripped)
            i += 1
            continue
        if line[0] == ">" or (line[0] in " \t" and _QUOTE.match(line)):
            kinds[i] = "quote"
            i += 1
            while i < n and lines[i][:1] == ">":
                kinds[i] = "quote"
                i += 1
            continue
        # an attribution ends on one of its (up to three, non-blank) lines with a colon or a verb
        if _may_end(low_lines, i) or (i + 1 < n and low_lines[i + 1] and (
                _may_end(low_lines, i + 1) or (i + 2 < n and low_lines[i + 2] and _may_end(low_lines, i + 2)))):
            end = _attribution_end(lines, i, pats)
        else:
            end = -1
        if end >= 0:
            nxt = _next_nonblank(lines, end + 1)
            if nxt < n and _QUOTE.match(lines[nxt]):
                for m in range(i, nxt):
                    kinds[m] = "quote"
                i = nxt
                continue
            # without ">" marks, cut only at a dated attribution carrying a time or an address
            if pats.attribution_lead.match(line.strip()) and _TIME_OR_ADDRESS.search(" ".join(lines[i:end + 1])):
                cut_at = _cut_start(lines, i)
                break
        if ":" in line and _header_block(lines, i, pats):
            end = i
            while end + 1 < n and not _BLANK.match(lines[end + 1]) and not _QUOTE.match(lines[end + 1]):
                end += 1
            nxt = _next_nonblank(lines, end + 1)
            if nxt < n and _QUOTE.match(lines[nxt]):
                # a header block introducing a ">" quote ("From: x / Date: y" then "> ..."): like an attribution
                for m in range(_cut_start(lines, i), nxt):
                    kinds[m] = "quote"
                i = nxt
                continue
            cut_at = _cut_start(lines, i)
            break
        if (len(line) <= _ORIGINAL_LONGEST or len(line.strip().strip(_ORIGINAL_DECOR)) <= _ORIGINAL_LONGEST) \
                and pats.original.match(line):
            cut_at = _cut_start(lines, i)
            break
        i += 1
    kinds[cut_at:] = ["quote"] * (n - cut_at)
    # blank lines inside a quote block belong to it
    if "quote" in kinds:
        for m in range(1, n - 1):
            if not lines[m] and kinds[m - 1] == "quote" and kinds[m] == "own":
                nxt = _next_nonblank(lines, m)
                if nxt >= n or kinds[nxt] == "quote":
                    kinds[m] = "quote"
    # signatures and footers, run by run of own lines
    m = 0
    runs: list[tuple[int, int]] = []
    for kind, group in groupby(kinds):
        size = len(list(group))
        if kind == "own":
            runs.append((m, m + size))
        m += size
    for s, e in runs:
        _label_own_run(lines, low_lines, kinds, s, e, pats)
    out: list[tuple[str, str]] = []
    m = 0
    for kind, group in groupby(kinds):
        size = len(list(group))
        out.append((kind, "\n".join(lines[m:m + size])))
        m += size
    return out


def _tidy(parts: list[str]) -> str:
    text = "\n".join(parts)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def split_reply(text: str, *, lang: str | Iterable[str] | None = None) -> tuple[str, str]:
    """Split a message body into the author's own words and what was removed.

    Parameters
    ----------
    text
        A plain-text message body.
    lang
        Language code(s) whose conventions to apply; None (default) uses all
        known ones (see :data:`LANGUAGES` and :func:`segments`).

    Returns
    -------
    ``(own, removed)``: the own words (runs of blank lines folded to one,
    stripped) and the removed quotes, signatures and footers (each removed run
    stripped, runs separated by a blank line). ``own`` is ``""`` when nothing
    of the author's is left.

    Examples
    --------
    >>> split_reply("Enig.\\n\\nDen 3. maj 2024 kl. 10.00 skrev Anna <a@x.dk>:\\n> Skal vi?")
    ('Enig.', 'Den 3. maj 2024 kl. 10.00 skrev Anna <a@x.dk>:\\n> Skal vi?')
    """
    own: list[str] = []
    removed: list[str] = []
    for kind, seg in _segments(text, lang):
        if kind == "own":
            own.append(seg)
        else:
            part = seg.strip("\n").strip()
            if part:
                removed.append(part)
    return _tidy(own), "\n\n".join(removed)
