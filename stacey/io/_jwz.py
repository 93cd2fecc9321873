"""Mail threading after Jamie Zawinski's algorithm (jwz.org/doc/threading.html).

Only ids and headers are needed, so a large archive threads in little memory.

Each message's chain of ancestors is its ``References`` (in order, duplicates
and itself removed) followed by its ``In-Reply-To``; the last element of the
chain is the message's **parent** (so In-Reply-To wins when the two headers
disagree, as RFC 5322 makes it the direct parent). Ids named in a chain but
not read are **ghost** containers; a ghost's parent is the element before it
in the first chain naming it. A link that would close a loop is not made.

A **thread** is a connected set of messages and ghosts: everything one chain
names belongs together (so a ghost root holds its replies together), plus, as
options, messages sharing a Gmail ``X-GM-THRID`` and, as a fallback, messages
with no reference headers whose subject is a reply ("Re: x") to an earlier
message's subject ("x"). The thread's id is the top container (a message, or a
ghost's Message-ID when the root is missing) above its earliest message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["MailNode", "ThreadLink", "thread", "normalise_subject", "is_reply_subject"]

_PREFIX = re.compile(
    r"^\s*(?:(?:re|sv|aw|antw|antwort|vs|wg|fw|fwd|tr|rif|r|ref|odp|vl|vb|réf)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*"
    r"|\[[^\]]{1,60}\]\s*)+", re.I)
_REPLY = re.compile(r"^\s*(?:\[[^\]]{1,60}\]\s*)*(?:re|sv|aw|antw|vs|odp|r|rif|réf)\s*(?:\[\d+\])?\s*[:：]", re.I)


def normalise_subject(subject: str | None) -> str:
    """Subject without reply/forward prefixes (Re, Sv, Aw, VS, WG, Fwd, ...) and list tags, case-folded."""
    return " ".join(_PREFIX.sub("", subject or "").split()).casefold()


def is_reply_subject(subject: str | None) -> bool:
    """Whether a subject starts with a reply prefix (Re:, Sv:, Aw:, Antw:, VS:, ...)."""
    return bool(_REPLY.match(subject or ""))


@dataclass(slots=True)
class MailNode:
    """What threading needs of one message: its id, ancestor chain, subject, Gmail thread, order key."""

    id: str
    chain: tuple[str, ...]
    subject: str = ""
    gm_thrid: str | None = None
    order: tuple = field(default_factory=tuple)


class ThreadLink(tuple):
    """``(parent, parent_is_message, conversation_id, threaded_by)`` for one message."""

    __slots__ = ()

    def __new__(cls, parent: str | None, parent_is_message: bool, conversation_id: str, threaded_by: str):
        return super().__new__(cls, (parent, parent_is_message, conversation_id, threaded_by))

    parent = property(lambda self: self[0])
    parent_is_message = property(lambda self: self[1])
    conversation_id = property(lambda self: self[2])
    threaded_by = property(lambda self: self[3])


class _UnionFind:
    def __init__(self) -> None:
        self.up: dict[str, str] = {}

    def find(self, x: str) -> str:
        up = self.up
        root = x
        while up.get(root, root) != root:
            root = up[root]
        while up.get(x, x) != root:
            up[x], x = root, up[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[max(ra, rb)] = min(ra, rb)


def _creates_loop(parent_of: dict[str, str], child: str, parent: str) -> bool:
    """Whether making ``parent`` the parent of ``child`` closes a loop."""
    cur: str | None = parent
    steps = 0
    while cur is not None:
        if cur == child:
            return True
        cur = parent_of.get(cur)
        steps += 1
        if steps > 100_000:  # defensive: existing loops are never created, but never spin forever
            return True
    return False


def thread(nodes: Sequence[MailNode], *, subject_fallback: bool = True, gmail: bool = True) -> dict[str, ThreadLink]:
    """Thread messages: each message's parent and its thread's id.

    Parameters
    ----------
    nodes
        One :class:`MailNode` per message (unique ids), in reading order;
        ``order`` sorts messages by time (earliest first) for choosing a
        thread's opening message.
    subject_fallback
        Join a message that has no reference headers and a reply subject to
        the thread of the earliest message with the same base subject.
    gmail
        Join messages that share a Gmail ``X-GM-THRID``.

    Returns
    -------
    ``{message id: ThreadLink(parent, parent_is_message, conversation_id, threaded_by)}``;
    ``parent`` is None for a thread's opening message, or for a message whose
    parent link would close a loop; ``threaded_by`` is ``headers``, ``gmail``,
    ``subject`` or ``none`` (the message is alone in its thread).
    """
    is_msg = {n.id for n in nodes}
    parent_of: dict[str, str] = {}
    # messages first: their own headers decide their parent
    for n in nodes:
        if n.chain:
            p = n.chain[-1]
            if p != n.id and not _creates_loop(parent_of, n.id, p):
                parent_of[n.id] = p
    # ghosts: the element before them in the first chain that names them
    for n in nodes:
        chain = (*n.chain, n.id)
        for a, b in zip(chain, chain[1:], strict=False):
            if b not in is_msg and b not in parent_of and a != b and not _creates_loop(parent_of, b, a):
                parent_of[b] = a
    uf = _UnionFind()
    how: dict[str, str] = {}
    for n in nodes:
        uf.find(n.id)
        for ref in n.chain:
            uf.union(n.id, ref)
        if n.chain:
            how[n.id] = "headers"
    if gmail:
        first_of: dict[str, str] = {}
        for n in nodes:
            if n.gm_thrid:
                if n.gm_thrid in first_of:
                    if uf.find(n.id) != uf.find(first_of[n.gm_thrid]):
                        how.setdefault(n.id, "gmail")
                    uf.union(n.id, first_of[n.gm_thrid])
                    how.setdefault(first_of[n.gm_thrid], "gmail")
                else:
                    first_of[n.gm_thrid] = n.id
    if subject_fallback:
        earliest: dict[str, MailNode] = {}
        for n in sorted(nodes, key=lambda m: m.order):
            base = normalise_subject(n.subject)
            if not base:
                continue
            if not n.chain and is_reply_subject(n.subject) and base in earliest \
                    and uf.find(n.id) != uf.find(earliest[base].id):
                uf.union(n.id, earliest[base].id)
                how[n.id] = "subject"
            earliest.setdefault(base, n)

    def top(x: str) -> str:
        seen = 0
        while x in parent_of and seen < 100_000:
            x = parent_of[x]
            seen += 1
        return x

    opening: dict[str, MailNode] = {}
    for n in nodes:
        comp = uf.find(n.id)
        if comp not in opening or n.order < opening[comp].order:
            opening[comp] = n
    root_of = {comp: top(n.id) for comp, n in opening.items()}
    sizes: dict[str, int] = {}
    for n in nodes:
        comp = uf.find(n.id)
        sizes[comp] = sizes.get(comp, 0) + 1
    out: dict[str, ThreadLink] = {}
    for n in nodes:
        comp = uf.find(n.id)
        p = parent_of.get(n.id)
        by = how.get(n.id) or ("headers" if sizes[comp] > 1 else "none")
        out[n.id] = ThreadLink(p, p in is_msg if p is not None else False, root_of[comp], by)
    return out
