"""Nudges around coaching sessions: the prep question the day before (to the client), the
agenda before it (to the coach), the prod after it (to the client). One family, one
look-again column (`coaching_session.next_check_at`), one page read with its ledger rows.

The ledger anchor is the session's start, so a moved session owes its messages afresh. When a
session of a series has ended (held or cancelled), its next occurrence is made here: the
series' rule gives the next wall time, converted in the zone it was scheduled in.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from handlers import CoreConfig, Reply
from handlers import session_messages as compose
from handlers.sessions import agenda_lead
from handlers.timing import SessionFacts, next_wall_time, plan_session, wall_to_instant
from handlers.zones import zone
from scheduler.prefs import prefs_for
from scheduler.sources.base import (BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source, each_owed,
                                    each_row)
from storage import CoachingSession, Nudge, NudgeKind, PendingKind, Person, Unit

Row = tuple[CoachingSession, Person, Person, list[Nudge]]
WALL = "%Y-%m-%dT%H:%M"
SENT_LIKE = (Outcome.SENT, Outcome.DUPLICATE, Outcome.UNKNOWN, Outcome.GONE, Outcome.REFUSED)


@dataclass
class Planned:
    session: CoachingSession
    client: Person
    coach: Person
    facts: SessionFacts


def facts_for(row: CoachingSession, client: Person, coach: Person, ledger: list[Nudge],
              config: CoreConfig) -> SessionFacts:
    sent = {n.kind for n in ledger if n.anchor == row.starts_at}
    return SessionFacts(row.starts_at, row.minutes, row.created_at, zone(client.timezone, config.default_timezone),
                        agenda_lead(coach), coach_prefs=prefs_for(coach, config),
                        prep_sent=NudgeKind.SESSION_PREP in sent,
                        agenda_sent=NudgeKind.SESSION_AGENDA in sent, prod_sent=NudgeKind.SESSION_PROD in sent)


def successor(row: CoachingSession) -> CoachingSession | None:
    """The series' next occurrence after `row`, or None for a one-off (or a stopped series)."""
    tz = zone(row.timezone, "UTC")
    after = datetime.strptime(row.local_start, WALL)
    wall = next_wall_time(datetime.strptime(row.series_start or row.local_start, WALL), row.every, after)
    if wall is None:
        return None
    return CoachingSession(coach_id=row.coach_id, client_id=row.client_id, starts_at=wall_to_instant(wall, tz),
                           local_start=wall.strftime(WALL), timezone=row.timezone, minutes=row.minutes,
                           every=row.every, series_start=row.series_start, created_at=row.created_at)


class SessionNudges(Source):
    name = "sessions"
    # A prep question or a prod twice is better than none; an agenda twice is only noise.
    kinds = {NudgeKind.SESSION_PREP: Duplicates.AT_LEAST_ONCE, NudgeKind.SESSION_AGENDA: Duplicates.AT_MOST_ONCE,
             NudgeKind.SESSION_PROD: Duplicates.AT_LEAST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Row]:
        rows = await u.sessions.due(now, limit)
        ledger = await u.sessions.ledger_for([s.id for s, _, _ in rows])
        return [(s, client, coach, ledger.get(s.id, [])) for s, client, coach in rows]

    async def _follow(self, u: Unit, row: CoachingSession, now: datetime) -> datetime | None:
        """Make the next occurrence once this one has ended; else when to look for that."""
        if not row.every or row.successor_made:
            return None
        end = row.starts_at + timedelta(minutes=row.minutes)
        if now < end:
            return end
        nxt = successor(row)
        row.successor_made = True
        await u.sessions.save(row)
        if nxt is not None:
            nxt.next_check_at = now
            await u.sessions.save(nxt)
        return None

    async def owed(self, u: Unit, rows: Sequence[Row], now: datetime) -> list[Owed]:
        owed: list[Owed] = []
        looks: dict[int, datetime | None] = {}

        def plan(r: Row) -> None:
            row, client, coach, ledger = r
            if row.status != "planned":
                looks[row.id] = None
                return
            facts = facts_for(row, client, coach, ledger, self.config)
            due, looks[row.id] = plan_session(facts, now)
            for kind, at in due:
                to = coach if kind == NudgeKind.SESSION_AGENDA else client
                owed.append(Owed(to, NudgeKind(kind), row.id, row.starts_at, at,
                                 data=Planned(row, client, coach, facts)))

        each_row(rows, plan, lambda r: looks.__setitem__(r[0].id, now + BROKEN_RETRY))
        for r in rows:
            follow = await self._follow(u, r[0], now)
            look = looks.get(r[0].id)
            looks[r[0].id] = min((t for t in (look, follow) if t is not None), default=None)
        for session_id, when in looks.items():
            await u.sessions.set_check(session_id, when)
        return owed

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        async def one(o: Owed) -> None:
            p: Planned = o.data
            if o.kind == NudgeKind.SESSION_AGENDA:
                o.reply = await compose.agenda(u, p.session, p.client, p.coach, self.config.default_timezone, now)
        await each_owed(owed, one)
        return owed

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        p: Planned = owed.data
        if owed.kind == NudgeKind.SESSION_PREP:
            return compose.prep_question(p.session, p.facts.client_tz, p.coach, now)
        if owed.kind == NudgeKind.SESSION_PROD:
            return compose.prod(p.session, p.coach)
        assert owed.reply is not None  # the agenda was composed in `prepare`
        return owed.reply

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        by_session: dict[int, list[tuple[Owed, Outcome]]] = {}
        for owed, outcome in results:
            by_session.setdefault(owed.subject_id, []).append((owed, outcome))
            p: Planned = owed.data
            if owed.kind == NudgeKind.SESSION_PREP and outcome == Outcome.SENT:
                await u.pending.clear(p.client.id, [PendingKind.SESSION_PREP])
                await u.pending.add(p.client.id, PendingKind.SESSION_PREP, now, ref=owed.subject_id)
        for session_id, mine in by_session.items():
            facts = mine[0][0].data.facts
            looks: list[datetime] = []
            for owed, outcome in mine:
                if outcome in SENT_LIKE:
                    facts = replace(facts, **{owed.kind.removeprefix("session_") + "_sent": True})
                elif outcome == Outcome.HELD and owed.hold_until is not None:
                    looks.append(owed.hold_until)
                else:
                    looks.append(now + (BROKEN_RETRY if outcome == Outcome.BROKEN else RETRY_LATER))
            still, later = plan_session(facts, now)
            if any(kind not in {o.kind for o, _ in mine} for kind, _ in still):
                looks.append(now + RETRY_LATER)  # held by the other record call of this tick: look again
            row: CoachingSession = mine[0][0].data.session
            end = row.starts_at + timedelta(minutes=row.minutes)
            follow = end if row.every and not row.successor_made and end > now else None
            await u.sessions.set_check(session_id, min([t for t in (later, follow) if t is not None] + looks,
                                                       default=None))

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.sessions.set_check(row.subject_id, now)
