"""Splitting long replies for platforms that cap a message's length.

Each platform counts length its own way (Telegram in UTF-16 units, Slack after escaping
`&<>`), so the cost of a character is a parameter; the cutting rule is shared: prefer a
newline, then a space, in the second half of the window; cut a longer word hard (rare,
and better than a refused message).
"""
from __future__ import annotations

from collections.abc import Callable


def split_text(text: str, limit: int, cost: Callable[[str], int] = lambda _c: 1) -> list[str]:
    """Parts of `text` whose total character cost is at most `limit` each."""
    parts: list[str] = []
    rest = text
    while sum(map(cost, rest)) > limit:
        used, hard = 0, len(rest)
        for i, char in enumerate(rest):
            used += cost(char)
            if used > limit:
                hard = i
                break
        window = rest[:hard]
        at = window.rfind("\n")
        if at < hard // 2:
            at = window.rfind(" ")
        if at < hard // 2:
            at = hard
        part, rest = rest[:at].rstrip(), rest[at:].lstrip("\n ")
        if part:
            parts.append(part)
    if rest.strip() or not parts:
        parts.append(rest)
    return parts
