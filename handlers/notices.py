"""Messages one person's action addresses to another person (a coach's nudge, "X joined as your
client"): never sent from the reply path, always held as a notice that the scheduler sends
through the recipient's policy (quiet hours today), like every other unprompted message.

The person acting is answered at once; `tell` says when the other person will see it.
"""
from __future__ import annotations

import json

from handlers.timing import quiet_hold
from handlers.turn import Turn, prefs_of
from handlers.types import Button, Reply
from storage import Person

Buttons = tuple[tuple[Button, ...], ...]


async def tell(turn: Turn, to: Person, text: str, buttons: Buttons = ()) -> str:
    """Hold `text` for `to`, sent by the next tick their policy allows. Returns "" when it goes out
    now, else " — it reaches them at 08:00 their time" (their quiet hours hold it)."""
    rows = [[[b.label, b.action, b.arg] for b in row] for row in buttons]
    await turn.u.notices.add(to.id, turn.person.id, text, json.dumps(rows, ensure_ascii=False), turn.now)
    prefs = prefs_of(to, turn.config)
    held = quiet_hold(turn.now, prefs, turn.now)
    if held is None:
        return ""
    return f" — it reaches them at {held.astimezone(prefs.tz):%H:%M} their time"  # quiet hours end within a day


def notice_reply(text: str, buttons: str) -> Reply:
    """The stored notice as the message the recipient gets."""
    rows = tuple(tuple(Button(str(label), str(action), str(arg)) for label, action, arg in row)
                 for row in json.loads(buttons or "[]"))
    return Reply(text, buttons=rows)
