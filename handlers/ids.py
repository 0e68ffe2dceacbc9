"""Ids and numbers that arrive as text (button args, "#3") are checked before they reach a
query: a forged or overlong one gets a clear answer, never a database error.

Only ASCII digits count: str.isdigit() also accepts "²" or "①", which int() then refuses."""
from __future__ import annotations

MAX_ID = 2**31 - 1  # fits every integer column on SQLite and PostgreSQL


def as_id(text: str) -> int | None:
    """The positive integer `text` spells, or None."""
    t = text.strip().lstrip("#")
    if not (t.isascii() and t.isdigit()) or len(t) > 10:
        return None
    value = int(t)
    return value if 0 < value <= MAX_ID else None
