"""What a message's buttons become once one of them was pressed; both chat adapters use it.

People expect the message that carried the buttons to change: the press is shown under it, and
buttons that no longer mean anything can't be pressed again. Two kinds of keyboards:

* a choice ("Save as insight" / "Save as action", "Done" / "Need more time" / "Drop"): one answer
  settles it, so every button goes;
* a list of the same action on different items ("✅ #1", "✅ #2", "✅ #3"): the pressed item is
  settled, the others still wait, so only the pressed button goes;
* a bundle of nudges (`handlers/bundles.py`: one row per item, labels tagged "#3 ✅ Done"): the
  pressed item's row goes, the other items' rows still wait.

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
            return [list(row) for row in rows if not any(data == pressed for _, data in row)], label
        return [], label
    kept = [[(text, data) for text, data in row if data != pressed] for row in rows]
    return [row for row in kept if row], label


def _is_bundle(rows: Sequence[Sequence[tuple[str, str]]]) -> bool:
    """Several rows, each one item's choice (tagged labels, one argument per row)."""
    return len(rows) > 1 and all(row and all(_ITEM_TAG.match(text) for text, _ in row)
                                 and len({data.partition(":")[2] for _, data in row}) == 1 for row in rows)


def pressed_line(label: str) -> str:
    """The line added under the message: what was pressed."""
    return f"{ARROW}{label}"
