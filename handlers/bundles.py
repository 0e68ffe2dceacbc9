"""Several nudges for one person, due together, as one message: the daily budget's bundling.

Each item keeps its own words and its own buttons; a button's label gains the item it acts on
("#3 ✅ Done"), so a row of buttons is never ambiguous. Pressing one settles that item's row
only (`bot/pressed.py`), the others still wait.
"""
from __future__ import annotations

import re

from handlers.types import Button, Reply

_NUMBER = re.compile(r"#(\d+)")


def _tag(reply: Reply, index: int) -> str:
    """What a button of this item is labelled with: its action's number when the text names one."""
    found = _NUMBER.search(reply.text)
    return f"#{found.group(1)}" if found else f"{index}."


def bundled(replies: list[Reply]) -> Reply:
    """One message for `replies` (in the order given: the policy puts check-ins first)."""
    if len(replies) == 1:
        return replies[0]
    lines = [f"📋 {len(replies)} things for you today:"]
    rows: list[tuple[Button, ...]] = []
    for i, reply in enumerate(replies, start=1):
        lines.append(f"{i}. {reply.text}")
        tag = _tag(reply, i)
        for row in reply.buttons:
            rows.append(tuple(Button(f"{tag} {b.label}", b.action, b.arg) for b in row))
    return Reply("\n".join(lines), buttons=tuple(rows))
