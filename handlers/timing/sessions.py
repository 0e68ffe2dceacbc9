"""Coaching sessions in time: the recurrence of a series, and when the prep question, the
coach's agenda and the prod after the session fall due. Pure functions.

A session is stored as wall time in the zone of the coach who scheduled it; each occurrence
of a series is the rule's next wall time (`dateutil.rrule` over naive local times) converted
in that zone, so "every 2 weeks at 10:00" stays at 10:00 across daylight-saving changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule

from handlers.timing.local import at_local
from handlers.timing.nudges import Prefs, before_quiet

DEFAULT_MINUTES = 60  # a session's length when nobody says otherwise
PREP_LATEST = timedelta(hours=2)  # a prep question later than this before the start is not sent
AGENDA_LEAD = timedelta(hours=1)  # the coach's agenda, unless `/session agenda` says otherwise
PROD_AFTER_END = timedelta(minutes=15)  # the client's prod, this long after the session's end
PROD_LAPSES = timedelta(hours=24)  # a prod that could not go out within a day is dropped
MONTHLY_LAST_SAFE_DAY = 28  # a series on the 29th-31st falls on each month's last day

_EVERY = [
    (re.compile(r"\b(?:every\s+(?:2|two|other)\s+weeks?|fortnightly|bi-?weekly|every\s+fortnight)\b", re.I), "2w"),
    (re.compile(r"\b(?:every\s+(?:1\s+|one\s+)?week|weekly)\b", re.I), "1w"),
    (re.compile(r"\b(?:every\s+(?:1\s+|one\s+)?month|monthly)\b", re.I), "monthly"),
]
EVERY_WORDS = {"": "once", "1w": "every week", "2w": "every 2 weeks", "monthly": "monthly"}


def read_every(text: str) -> tuple[str, str]:
    """(the recurrence code, the text without its words): "Thursday 10am every 2 weeks" →
    ("2w", "Thursday 10am"); a text without one → ("", text)."""
    for pattern, code in _EVERY:
        if m := pattern.search(text):
            return code, " ".join((text[: m.start()] + " " + text[m.end():]).split())
    return "", text


def _rule(series_start: datetime, every: str) -> rrule:
    if every == "monthly":
        day = series_start.day if series_start.day <= MONTHLY_LAST_SAFE_DAY else -1
        return rrule(MONTHLY, dtstart=series_start, bymonthday=day)
    return rrule(WEEKLY, interval=int(every.rstrip("w")), dtstart=series_start)


def next_wall_time(series_start: datetime, every: str, after: datetime) -> datetime | None:
    """The series' first wall time strictly after `after` (naive local times); None for a
    session that does not repeat."""
    if not every:
        return None
    found = _rule(series_start, every).after(after)
    return found if isinstance(found, datetime) else None


def wall_to_instant(wall: datetime, tz: tzinfo) -> datetime:
    """The instant a naive local wall time names in `tz` (DST gaps carried forward)."""
    return at_local(wall.date(), wall.time(), tz)


@dataclass(frozen=True)
class SessionFacts:
    """One session's times and what the ledger says was already sent for its current start."""

    starts_at: datetime
    minutes: int
    created_at: datetime
    client_tz: tzinfo
    agenda_lead: timedelta = AGENDA_LEAD
    prep_sent: bool = False
    agenda_sent: bool = False
    prod_sent: bool = False
    coach_prefs: Prefs | None = None  # the coach's quiet hours: an agenda due in them comes before they begin

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def prep_time(facts: SessionFacts) -> datetime:
    """The day before at the session's own local time (the client's wall clock), or at once
    when the session was scheduled later than that."""
    local = facts.starts_at.astimezone(facts.client_tz)
    return max(at_local(local.date() - timedelta(days=1), local.time().replace(tzinfo=None), facts.client_tz),
               facts.created_at)


def stages(facts: SessionFacts) -> list[tuple[str, datetime, datetime]]:
    """(kind, when it is due, when it stops meaning anything) for each message not yet sent."""
    out = []
    if not facts.prep_sent:
        out.append(("session_prep", prep_time(facts), facts.starts_at - PREP_LATEST))
    if not facts.agenda_sent:
        agenda = facts.starts_at - facts.agenda_lead
        if facts.coach_prefs is not None:  # an 08:00 session's agenda: the evening before, not never
            agenda = before_quiet(agenda, facts.coach_prefs)
        out.append(("session_agenda", max(agenda, facts.created_at), facts.starts_at))
    if not facts.prod_sent:
        prod = facts.ends_at + PROD_AFTER_END
        out.append(("session_prod", prod, prod + PROD_LAPSES))
    return [(kind, at, until) for kind, at, until in out if at < until]


def plan_session(facts: SessionFacts, now: datetime) -> tuple[list[tuple[str, datetime]], datetime | None]:
    """(what is owed now: kind and planned instant, when to look next); next is None when
    nothing more will be owed for this start."""
    live = [(kind, at, until) for kind, at, until in stages(facts) if now < until]
    owed = [(kind, at) for kind, at, _ in live if at <= now]
    later = [at for _, at, _ in live if at > now]
    return owed, min(later, default=None)
