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


Ref = tuple[int, int]  # (number, occurrence): (12, 3) is #12·3; occurrence 0 means "#12 itself"


def as_ref(text: str) -> Ref | None:
    """An action reference: "12", "#12", "12·3" or "12.3" (occurrence 3 of the series #12)."""
    head, sep, tail = text.strip().replace("·", ".").partition(".")
    number = as_id(head)
    if number is None:
        return None
    if not sep:
        return number, 0
    occurrence = as_id(tail)
    return (number, occurrence) if occurrence is not None else None
