"""On real mail and chat exports: after pseudonymise + redact, no original address or speaker name remains."""

import re

import pandas as pd
import pytest

from stacey.io.registry import read, readers
from stacey.privacy import protect

pytestmark = pytest.mark.shared

SOURCES = [
    ("realdata/notmuch-corpora/test/corpora/default", "maildir"),
    ("realdata/notmuch-corpora/test/corpora/lkml", "maildir"),
    ("realdata/perceval-fixtures/tests/data/pipermail", None),
    ("realdata/whatsapp-format-samples", None),
    ("realdata/perceval-fixtures/tests/data/discourse/discourse_topic_1148.json", None),
    ("realdata/urs-reddit-threads/opinion-python-2018/thread-flat.json", None),
]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _strings(table: pd.DataFrame) -> str:
    cols = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c].dtype)
            or isinstance(table[c].dtype, pd.CategoricalDtype)]
    return "\n".join(str(v) for c in cols for v in table[c].dropna().astype(str))


def _originals(turns: pd.DataFrame) -> tuple[set[str], set[str]]:
    """Speakers' addresses (any case) and names/handles (whole words, 4+ characters)."""
    addresses, names = set(), set()
    for s in turns["speaker"].dropna().astype(str):
        (addresses if "@" in s else names).add(s)
    for col in ("meta.name",):
        if col in turns.columns:
            names.update(n.strip() for n in turns[col].dropna().astype(str) if "@" not in n)
    return addresses, {n for n in names if len(n) >= 4 and re.search(r"[A-Za-z]", n)}


@pytest.mark.parametrize(("rel", "fmt"), SOURCES, ids=[s[0].split("/")[-1] for s in SOURCES])
def test_no_original_address_or_name_remains(shared_dir, rel, fmt):
    if fmt and fmt not in readers():
        pytest.fail(f"reader {fmt} is not registered")
    turns = read(shared_dir / rel, format=fmt, with_rejects=True).turns
    addresses, names = _originals(turns)
    assert addresses or names
    out, done, mapping = protect(turns, pseudonymise=True, redact=True, key=b"test key")
    blob = _strings(out)
    leaked_addresses = sorted(a for a in addresses if a.lower() in blob.lower())
    assert not leaked_addresses, leaked_addresses[:5]
    assert not EMAIL.findall(out["text"].str.cat(sep="\n")), "an address survived redaction in text"
    leaked_names = sorted(n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", blob))
    assert not leaked_names, leaked_names[:5]
    assert done["pseudonymised"] and set(mapping["speaker"]) == set(turns["speaker"])
