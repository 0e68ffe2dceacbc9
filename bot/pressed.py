"""What a message's buttons become once one of them was pressed; both chat adapters use it.

People expect the message that carried the buttons to change: the press is shown under it, and
buttons that no longer mean anything can't be pressed again. Two kinds of keyboards:

* a choice ("Save as insight" / "Save as action", "Done" / "Need more time" / "Drop"): one answer
  settles it, so every button goes;
* a list of the same action on different items ("✅ #1", "✅ #2", "✅ #3"): the pressed item is
  settled, the others still wait, so only the pressed button goes;
* a bundle of nudges (`handlers/bundles.py`: each item's rows, labels tagged "#3 ✅ Done", "#3 ⏰ 1 h"):
  the pressed item's rows go, the other items' rows still wait.

Buttons are (label, data) pairs, data being `Button.data` ("action:arg").
"""
from __future__ import annotations

import re
from collections.abc import Sequence

Grid = list[list[tuple[str, str]]]
ARROW = "→ "
_ITEM_TAG = re.compile(r"^(?:#\d+|\d+\.) ")


def after_press(rows: Sequence[Sequence[tuple[str, str]]], pressed: str) -> tuple[Grid, str | None]:
    """The buttons that stay, and the pressed button's label (None if the message no longer offers it)."""
    label = next((text for row in rows for text, data in row if data == pressed), None)
    action = pressed.partition(":")[0]
    same_action = all(data.partition(":")[0] == action for row in rows for _, data in row)
    if not same_action:
        if _is_bundle(rows):
            tag = _tag_of(label or "")
            return [list(row) for row in rows if _tag_of(row[0][0]) != tag], label
        return [], label
    kept = [[(text, data) for text, data in row if data != pressed] for row in rows]
    return [row for row in kept if row], label


def _tag_of(label: str) -> str | None:
    m = _ITEM_TAG.match(label)
    return m.group(0) if m else None


def _is_bundle(rows: Sequence[Sequence[tuple[str, str]]]) -> bool:
    """Rows of several items, each row one item's (every label tagged with it: an item may have a
    row of choices and a row of snoozes)."""
    tags = [{_tag_of(text) for text, _ in row} for row in rows]
    return (len(rows) > 1 and all(len(t) == 1 and None not in t for t in tags)
            and len(set().union(*tags)) > 1)


def pressed_line(label: str) -> str:
    """The line added under the message: what was pressed."""
    return f"{ARROW}{label}"
