"""HTML bodies (mail, Discourse ``cooked``, WordPress content) to plain text."""

from __future__ import annotations

import re

__all__ = ["html_to_text"]

_BLOCK = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol")


def html_to_text(html: str, *, drop: tuple[str, ...] = ("script", "style", "head"),
                 drop_selectors: tuple[str, ...] = ()) -> str:
    """Render HTML as readable plain text.

    Block elements become line breaks, ``<a href>`` keeps its visible text,
    entities are decoded, runs of blank lines fold to one. ``drop`` names tags
    removed with their content; ``drop_selectors`` CSS selectors removed too
    (e.g. ``"aside.quote"`` for Discourse quotes, ``"blockquote"`` for quoted mail).
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(list(drop)):
        tag.decompose()
    for sel in drop_selectors:
        for tag in soup.select(sel):
            tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]+", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
