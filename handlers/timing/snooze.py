"""When a snooze sends the next nudge: the choices a reminder or check-in offers ("1 h", "this
evening" or "tomorrow morning", "next week"), each worked out as local wall time in the
person's zone and moved out of their quiet hours, so a DST week changes nothing on the clock.

Pure: the instant of each choice from `now` and the person's preferences. A choice that would
land in quiet hours is either left out ("1 h" at 20:30 with quiet hours from 21:00) or moved
to their end ("tomorrow morning" for someone whose quiet hours end at 10:00 is 10:00).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from handlers.timing.local import at_local
from handlers.timing.nudges import Prefs, after_quiet, in_quiet

EVENING = time(18, 0)
MORNING = time(9, 0)
HOUR = timedelta(hours=1)
EVENING_AHEAD = timedelta(hours=2)  # "this evening" is offered while it is at least this far off
KEYS = ("1h", "eve", "morn", "week")


@dataclass(frozen=True)
class SnoozeChoice:
    key: str  # one of KEYS: what the button means, worked out again when it is pressed
    label: str
    at: datetime


def tomorrow_morning(now: datetime, prefs: Prefs) -> datetime:
    """09:00 tomorrow (local), or the end of the quiet hours when they end later."""
    day = now.astimezone(prefs.tz).date() + timedelta(days=1)
    return after_quiet(at_local(day, MORNING, prefs.tz), prefs)


def this_evening(now: datetime, prefs: Prefs) -> datetime | None:
    """18:00 today (local) when it is still at least two hours off and not in quiet hours."""
    at = at_local(now.astimezone(prefs.tz).date(), EVENING, prefs.tz)
    return at if at - now >= EVENING_AHEAD and not in_quiet(at, prefs) else None


def next_week(now: datetime, prefs: Prefs) -> datetime:
    """Monday 09:00 (local) of next week, out of quiet hours."""
    today = now.astimezone(prefs.tz).date()
    monday = today + timedelta(days=7 - today.weekday())
    return after_quiet(at_local(monday, MORNING, prefs.tz), prefs)


def in_an_hour(now: datetime, prefs: Prefs) -> datetime | None:
    """An hour from now, unless that falls in quiet hours (then "tomorrow morning" says it)."""
    at = now + HOUR
    return None if in_quiet(at, prefs) else at


def snooze_at(key: str, now: datetime, prefs: Prefs) -> datetime | None:
    """The instant a choice means at `now` (a press long after the message still means "1 h
    from now"); "this evening" once the evening is near or quiet means tomorrow morning.
    None for a key that is not one of KEYS."""
    if key == "1h":
        return in_an_hour(now, prefs) or tomorrow_morning(now, prefs)
    if key == "eve":
        return this_evening(now, prefs) or tomorrow_morning(now, prefs)
    if key == "morn":
        return tomorrow_morning(now, prefs)
    if key == "week":
        return next_week(now, prefs)
    return None


def snooze_choices(now: datetime, prefs: Prefs) -> list[SnoozeChoice]:
    """The choices that fit the person's day now, earliest first; never two at the same instant."""
    choices: list[SnoozeChoice] = []
    if (hour := in_an_hour(now, prefs)) is not None:
        choices.append(SnoozeChoice("1h", "⏰ 1 h", hour))
    if (evening := this_evening(now, prefs)) is not None:
        choices.append(SnoozeChoice("eve", f"🌙 This evening {evening.astimezone(prefs.tz):%H:%M}", evening))
    else:
        morning = tomorrow_morning(now, prefs)
        choices.append(SnoozeChoice("morn", f"🌅 Tomorrow {morning.astimezone(prefs.tz):%H:%M}", morning))
    week = next_week(now, prefs)
    choices.append(SnoozeChoice("week", f"📅 Next week ({week.astimezone(prefs.tz):%a %H:%M})", week))
    seen: set[datetime] = set()
    unique = []
    for c in choices:
        if c.at not in seen:
            seen.add(c.at)
            unique.append(c)
    return unique
