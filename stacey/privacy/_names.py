"""Finding speakers' names, handles and addresses in text, fast.

Names are matched by token look-up rather than by one large regular
expression: text is split into word and address tokens once, and runs of one
to four tokens separated by single spaces are looked up in two dictionaries
(case-insensitive forms: addresses, handles, full names; case-sensitive forms:
a single first or last name, matched only Capitalised or UPPER case so that a
surname that is also a word, such as "Skov", is not replaced in "skov"). A
trailing genitive "s" is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@?\w+(?:[.'’-]\w+)*")
MAX_TOKENS = 4


class NameMatcher:
    """Replace known surface forms by a replacement chosen per form."""

    def __init__(self) -> None:
        self.fold: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        self.addresses: dict[str, list[tuple[str, str]]] = {}

    def add(self, form: str, value: str, *, case_sensitive: bool = False) -> None:
        """Register ``form`` (one to four words, an address or a handle) -> ``value``."""
        form = " ".join(form.split())
        if not form:
            return
        if "@" in form and " " not in form:
            local, _, domain = form.casefold().rpartition("@")
            self.addresses.setdefault(domain, []).append((local, value))
        if case_sensitive:
            for variant in (form, form.upper(), form[:1].upper() + form[1:]):
                self.exact.setdefault(variant, value)
        else:
            self.fold.setdefault(form.casefold(), value)

    def __bool__(self) -> bool:
        return bool(self.fold or self.exact)

    def _embedded_address(self, token: str) -> tuple[str, str] | None:
        """A known address at the end of a longer token (``123-git-send-email-anne@x.org``): (value, prefix)."""
        local, _, domain = token.casefold().rpartition("@")
        for known, value in self.addresses.get(domain, ()):
            if local.endswith(known) and (len(local) == len(known) or not local[-len(known) - 1].isalnum()):
                return value, token[: len(local) - len(known)]
        return None

    def _lookup(self, key: str) -> str | None:
        hit = self.exact.get(key)
        if hit is None:
            hit = self.fold.get(key.casefold())
        return hit

    def sub(self, text: str, replace: Callable[[str, str], str] | None = None) -> str:
        """Return ``text`` with every known form replaced (longest match first)."""
        if not self or not text:
            return text
        toks = list(_TOKEN.finditer(text))
        out: list[str] = []
        last = 0
        i = 0
        while i < len(toks):
            done = False
            for n in range(min(MAX_TOKENS, len(toks) - i), 0, -1):
                first, end = toks[i], toks[i + n - 1]
                if n > 1 and any(text[toks[j].end():toks[j + 1].start()] not in (" ", "\xa0")
                                 for j in range(i, i + n - 1)):
                    continue
                span = text[first.start():end.end()]
                at = span.startswith("@")
                key = span[1:] if at else span
                value = self._lookup(key)
                suffix = ""
                if value is None and n == 1 and len(key) > 3 and key[-1] in "sS":
                    value = self._lookup(key[:-1])
                    suffix = key[-1] if value is not None else ""
                if value is None and at:
                    value = self._lookup(span)
                    at = False
                if value is None and n == 1 and "@" in key[1:]:
                    embedded = self._embedded_address(key)
                    if embedded is not None:
                        value, key_prefix = embedded
                        out.append(text[last:first.start()])
                        out.append(("@" if at else "") + key_prefix + (replace(key, value) if replace else value))
                        last = end.end()
                        i += n
                        done = True
                        break
                if value is not None:
                    out.append(text[last:first.start()])
                    rep = replace(key, value) if replace else value
                    out.append(("@" if at else "") + rep + suffix)
                    last = end.end()
                    i += n
                    done = True
                    break
            if not done:
                i += 1
        out.append(text[last:])
        return "".join(out)
