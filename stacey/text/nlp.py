"""Tokens, sentences, stop words and lemmas per language, and the spaCy pipelines.

Two engines give the same lemmas:

- ``"fast"`` (default): a regular-expression tokenizer close to spaCy's rules
  for chat text (URLs, e-mail addresses, @mentions, emoticons, English
  ``n't`` and spaCy's abbreviation exceptions for the language such as
  ``kl.`` kept whole; ``H&M`` whole; hyphenated words whole where spaCy keeps
  them whole (da, nb, sv, de, nl), split elsewhere (en, fr); other
  punctuation split off), sentences
  ended by ``.``, ``!``, ``?`` or ``…`` (as spaCy's ``sentencizer``) or a
  blank line, and lemmas read from the very table spaCy's lookup lemmatizer
  uses (``spacy-lookups-data``). No ``Doc`` is built: measured ~30 times
  faster than ``nlp.pipe`` (see ``benchmarks/results/annotate_speed.md``).
- ``"spacy"``: ``nlp.pipe`` over :func:`pipeline` (``spacy.blank(lang)`` +
  ``sentencizer`` + lookup ``lemmatizer``), or over a trained pipeline the
  user has installed and names (``nlp={"da": "da_core_news_sm"}``).

Both produce, per text, a list of sentences, each a list of ``(text, lemma)``
pairs; lemmas are lower-cased.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..errors import StaceyError

__all__ = [
    "SPACY_CODES",
    "NlpError",
    "tokenize",
    "abbreviations",
    "split_sentences",
    "analyse",
    "analyse_docs",
    "sentence_spans",
    "n_words",
    "lemma_table",
    "lemmatize",
    "stop_words",
    "content_lemmas",
    "pipeline",
]

#: ISO 639-1 code used in the turn table -> spaCy language code
SPACY_CODES: dict[str, str] = {"no": "nb"}

Sentence = list[tuple[str, str]]


class NlpError(StaceyError, ValueError):
    """A named spaCy pipeline is not installed, or a language has no pipeline."""


_EMOTICON = r"(?:[<>]?[:;=8xX][\-o\*'^]?[\)\]\(\[dDpP/\\\|\}\{@3]+(?![\w])|<3+|</3|\^_?\^)"
_TOKEN_BODY = (
    r"(?:https?://|www\.)\S+[\w/]"          # URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"          # e-mail address
    r"|[@#]\w+"                               # mention, hashtag
    rf"|{_EMOTICON}"                          # emoticon
    r"|\w+(?=n't\b)|n't\b"                    # English negated auxiliaries: do|n't
    r"|(?<=\w)'(?:s|re|ve|ll|d|m)\b"          # English clitics: it|'s
    r"|\w+(?:&\w+)+"                          # H&M, R&D (spaCy keeps them whole)
    r"|\w+"                                   # word (letters, digits)
    r"|[^\w\s]"                               # any other single character (punctuation, emoji)
)
TOKEN_RE = re.compile(_TOKEN_BODY, re.IGNORECASE)
#: the same, keeping hyphenated words whole (``e-mail``, ``25-årige``), as spaCy does for da, nb, sv, de, nl
TOKEN_RE_HYPHEN = re.compile(_TOKEN_BODY.replace(r"|\w+(?:&\w+)+", r"|\w+(?:[-&]\w+)+"), re.IGNORECASE)


@cache
def keeps_hyphens(lang: str) -> bool:
    """Whether spaCy's tokenizer for ``lang`` keeps ``word-word`` as one token (probed once)."""
    import spacy

    try:
        return len(spacy.blank(SPACY_CODES.get(lang, lang)).tokenizer("Schnell-Lauritzen")) == 1
    except ImportError:
        return False


def _token_re(lang: str) -> re.Pattern[str]:
    return TOKEN_RE_HYPHEN if lang != "und" and keeps_hyphens(lang) else TOKEN_RE


@cache
def abbreviations(lang: str) -> frozenset[str]:
    """spaCy's tokenizer exceptions for ``lang`` that end in a full stop and stay one token (``kl.``, ``e.g.``)."""
    from spacy.util import get_lang_class

    try:
        exc = get_lang_class(SPACY_CODES.get(lang, lang)).Defaults.tokenizer_exceptions
    except ImportError:
        return frozenset()
    return frozenset(k for k, v in exc.items() if len(v) == 1 and k.endswith(".") and len(k) > 1
                     and " " not in k and k[0].isalnum())


def _tokens(text: str, abbr: frozenset[str], rx: re.Pattern[str] = TOKEN_RE) -> list[str]:
    if not abbr or "." not in text:
        return rx.findall(text)
    chunks = text.split()
    if not any(c in abbr for c in chunks):
        return rx.findall(text)
    out: list[str] = []
    for c in chunks:
        if c in abbr:
            out.append(c)
        else:
            out.extend(rx.findall(c))
    return out


_SENT_END = frozenset(".!?…")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")


def tokenize(text: str, lang: str | None = None) -> list[str]:
    """Split a text into tokens (see the module docstring for the rules)."""
    if not lang or lang == "und":
        return TOKEN_RE.findall(text)
    return _tokens(text, abbreviations(lang), _token_re(lang))


def split_sentences(tokens: list[str]) -> list[list[str]]:
    """Group tokens into sentences: a sentence ends after a run of ``.!?…`` tokens.

    Same rule as spaCy's ``sentencizer`` with its default punctuation.
    """
    out: list[list[str]] = []
    cur: list[str] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        cur.append(tok)
        if tok in _SENT_END and (i + 1 == n or tokens[i + 1] not in _SENT_END):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


@cache
def lemma_table(lang: str) -> Mapping[str, str]:
    """The lookup lemma table spaCy's lemmatizer uses for ``lang`` (empty if none ships).

    The same ``lemma_lookup`` file of ``spacy-lookups-data`` that
    :func:`spacy.lookups.load_lookups` reads (found through spaCy's
    ``lookups`` registry), loaded once per process as a plain dict keyed by
    string (spaCy's ``Table`` keys by hash).
    """
    import srsly
    from spacy.util import registry

    code = SPACY_CODES.get(lang, lang)
    try:
        files = registry.lookups.get(code)
    except Exception:  # noqa: BLE001 - catalogue raises its own RegistryError
        return {}
    path = files.get("lemma_lookup") if isinstance(files, dict) else None
    if path is None:
        return {}
    path = Path(path)
    if not path.exists() and Path(str(path) + ".gz").exists():
        path = Path(str(path) + ".gz")
    data = srsly.read_gzip_json(path) if path.suffix == ".gz" else srsly.read_json(path)
    table = {str(k): str(v) for k, v in data.items()}
    table.update(LEMMA_OVERRIDES.get(lang, {}))
    return table


#: Corrections to spacy-lookups-data where a frequent noun is read as a rarer verb or a wrong form
#: (measured on the bundled corpus: "pas" (passport) -> "passe", "borger" (citizen) -> "borge",
#: "godt" -> "godte"); applied by both engines.
LEMMA_OVERRIDES: dict[str, dict[str, str]] = {
    "da": {"pas": "pas", "passet": "pas", "passene": "pas", "borger": "borger", "borgere": "borger",
           "borgeren": "borger", "borgerne": "borger", "borgers": "borger", "godt": "god"},
}


def lemmatize(token: str, table: Mapping[str, str]) -> str:
    """Lower-cased lookup lemma: the token as written, else lower-cased, else itself."""
    lemma = table.get(token)
    if lemma is None:
        low = token.lower()
        lemma = table.get(low, low)
    return lemma.lower()


_LEMMA_MEMO: dict[str, dict[str, str]] = {}
_MEMO_MAX = 2_000_000


def analyse(text: str, lang: str) -> list[Sentence]:
    """Sentences of ``(token, lemma)`` pairs by the fast engine.

    Paragraphs (blank-line separated) always end a sentence. Lemmas of
    token types seen before come from an in-process memo.
    """
    memo = _LEMMA_MEMO.get(lang)
    if memo is None or len(memo) > _MEMO_MAX:
        memo = _LEMMA_MEMO[lang] = {}
    table = None
    out: list[Sentence] = []
    abbr = abbreviations(lang) if lang != "und" else frozenset()
    rx = _token_re(lang)
    for para in _PARAGRAPH.split(text) if "\n" in text else (text,):
        for sent in split_sentences(_tokens(para, abbr, rx)):
            pairs = []
            for t in sent:
                lm = memo.get(t)
                if lm is None:
                    if table is None:
                        table = lemma_table(lang) if lang != "und" else {}
                    lm = memo[t] = lemmatize(t, table)
                pairs.append((t, lm))
            out.append(pairs)
    return out


class _Span(NamedTuple):
    start: int
    end: int
    text: str


def sentence_spans(text: str, lang: str = "und") -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences :func:`analyse` finds, in order."""
    abbr = abbreviations(lang) if lang != "und" else frozenset()
    rx = _token_re(lang)
    spans: list[tuple[int, int]] = []
    pos = 0
    paras = _PARAGRAPH.split(text) if "\n" in text else [text]
    seps = _PARAGRAPH.findall(text) if "\n" in text else []
    for k, para in enumerate(paras):
        matches = []
        for m in re.finditer(r"\S+", para) if abbr and "." in para else (None,):
            if m is None:
                matches = [_Span(t.start(), t.end(), t.group()) for t in rx.finditer(para)]
            elif m.group() in abbr:
                matches.append(_Span(m.start(), m.end(), m.group()))
            else:
                matches.extend(_Span(m.start() + t.start(), m.start() + t.end(), t.group())
                               for t in rx.finditer(m.group()))
        toks = [m.text for m in matches]
        i = 0
        for sent in split_sentences(toks):
            first, last = matches[i], matches[i + len(sent) - 1]
            spans.append((pos + first.start, pos + last.end))
            i += len(sent)
        pos += len(para) + (len(seps[k]) if k < len(seps) else 0)
    return spans


def n_words(sentences: Iterable[Sentence]) -> int:
    """Number of words: tokens with a letter or digit (punctuation, emoji and emoticons not counted)."""
    return sum(1 for sent in sentences for tok, _ in sent
               if tok.isalnum() or (not (len(tok) == 1) and any(ch.isalnum() for ch in tok)))


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang`` (lower-cased); for ``und``, those of da and en together."""
    from spacy.util import get_lang_class

    if lang == "und":
        return stop_words("da") | stop_words("en")
    try:
        cls = get_lang_class(SPACY_CODES.get(lang, lang))
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in cls.Defaults.stop_words)


def is_word(tok: str) -> bool:
    """A token of letters, or letters joined by hyphens ("Facebook-vagt"): a candidate content word."""
    return tok.isalpha() or ("-" in tok and tok.replace("-", "").isalpha() and tok[0] != "-" and tok[-1] != "-")


def content_lemmas(sentences: Iterable[Sentence], lang: str) -> str:
    """Space-separated lower-case lemmas of content words.

    Content word: a token of letters, or of letters joined by hyphens
    ("Facebook-vagt"), whose lower-cased form and lemma are not stop words of ``lang``.
    """
    stops = stop_words(lang)
    return " ".join(
        lemma for sent in sentences for tok, lemma in sent
        if is_word(tok) and lemma not in stops and tok.lower() not in stops
    )


@cache
def _pipeline(lang: str, name: str | None):  # noqa: ANN202 - spacy.Language
    import spacy

    if name:
        if not spacy.util.is_package(name) and not Path(name).exists():
            raise NlpError(
                f"spaCy pipeline {name!r} (for {lang!r}) is not installed; install it "
                f"(pip install the pipeline's package; nothing is downloaded at run time) or leave it out to use the blank {lang} pipeline")
        try:
            return spacy.load(name)
        except OSError as exc:
            raise NlpError(f"spaCy pipeline {name!r} (for {lang!r}) could not be loaded: {exc}") from exc
    code = SPACY_CODES.get(lang, lang if lang != "und" else "xx")
    try:
        nlp = spacy.blank(code)
    except ImportError as exc:
        raise NlpError(f"spaCy has no language {code!r}") from exc
    nlp.add_pipe("sentencizer")
    if lemma_table(lang):
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lemmatizer.initialize()
        table = lemmatizer.lookups.get_table("lemma_lookup")
        for form, lemma in LEMMA_OVERRIDES.get(lang, {}).items():
            table.set(form, lemma)
    return nlp


def pipeline(lang: str, name: str | None = None):  # noqa: ANN201 - spacy.Language
    """The spaCy pipeline for ``lang``, built once per process.

    Parameters
    ----------
    lang
        ISO 639-1 code (``no`` maps to spaCy's ``nb``; ``und`` to ``xx``).
    name
        A trained pipeline's package name (``"da_core_news_sm"``), loaded only
        if installed; ``None`` for ``spacy.blank(lang)`` + ``sentencizer`` +
        lookup ``lemmatizer`` (spacy-lookups-data). Nothing is downloaded.

    Raises
    ------
    NlpError
        If ``name`` is given but not installed.
    """
    return _pipeline(lang, name)


def analyse_docs(texts: Iterable[str], lang: str, *, name: str | None = None, n_process: int = 1,
                 batch_size: int = 256) -> Iterator[list[Sentence]]:
    """Sentences of ``(token, lemma)`` pairs by the spaCy engine (``nlp.pipe``)."""
    nlp = pipeline(lang, name)
    table = lemma_table(lang) if lang != "und" else {}
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        sents = doc.sents if doc.has_annotation("SENT_START") else [doc]
        out = []
        for sent in sents:
            toks = [t for t in sent if not t.is_space]
            if name:  # a trained pipeline: its own lemmas
                out.append([(t.text, (t.lemma_ or t.text).lower()) for t in toks])
            else:  # blank + lookup lemmatizer: the table, with the lower-case fallback of `lemmatize`
                out.append([(t.text, lemmatize(t.text, table)) for t in toks])
        yield out
