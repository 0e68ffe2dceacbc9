"""Reading a deadline out of what a person typed: in their zone, with their date convention."""
from __future__ import annotations

from datetime import datetime

from handlers.date_order import day_first
from handlers.deadlines import DeadlineMatch, find_deadline
from handlers.turn import Turn


def deadline_in(turn: Turn, text: str, zone_name: str | None = None, local_now: datetime | None = None
                ) -> DeadlineMatch | None:
    """The deadline in `text` for the person of this turn, or for someone else (a coach's client)
    given their zone name and local time. Raises `DeadlineInputError` (a clear sentence) for a
    phrase too far ahead; the router answers with it."""
    name = zone_name or turn.zone_name
    return find_deadline(text, local_now or turn.local_now, turn.config.end_of_day, day_first=day_first(name))
