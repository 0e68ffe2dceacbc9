"""Weekly digests at each person's slot (Monday 08:00 local by default): the families in
`client_digests`, `coach_digests` and `team_digests` say what is owed; this source reads the
people whose slot has come (`person.next_digest_at`) and plans their next look.

A slot missed during downtime is sent once, late (up to a day); a slot more than a day late
is skipped. No one gets two client (or coach) digests within three days, however their zone
or digest time changed. Digests are sent at most once: an interrupted send is not repeated.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from handlers import CoreConfig, Reply, digest
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Outcome, Owed, Source, each_row
from scheduler.sources.client_digests import ClientDigests
from scheduler.sources.coach_digests import CoachDigests
from scheduler.sources.team_digests import TeamDigests
from scheduler.sources.weekly import DigestFamily
from storage import Nudge, NudgeKind, Person, Unit

STALE_AFTER = timedelta(hours=24)  # after longer downtime, skip to next week's digest
MIN_GAP = timedelta(days=3)  # never two weekly digests of a kind this close together


class WeeklyDigests(Source):
    name = "digests"

    def __init__(self, config: CoreConfig) -> None:
        self.config = config
        self.families: tuple[DigestFamily, ...] = (ClientDigests(config), CoachDigests(config), TeamDigests(config))
        self.kinds = {k: d for f in self.families for k, d in f.kinds.items()}
        self._family = {k: f for f in self.families for k in f.kinds}

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Person]:
        return await u.people.due_digests(now, limit)

    async def owed(self, u: Unit, rows: Sequence[Person], now: datetime) -> list[Owed]:
        due: dict[datetime, list[Person]] = defaultdict(list)
        looks: list[tuple[int, datetime]] = []

        def plan(person: Person) -> None:
            slot = digest.last_slot(person, self.config, now)
            looks.append((person.id or 0, digest.last_slot(person, self.config, now + timedelta(days=7))))
            if person.created_at <= slot and now - slot <= STALE_AFTER:
                due[slot].append(person)

        each_row(rows, plan, lambda person: looks.append((person.id, now + BROKEN_RETRY)))
        for person_id, when in looks:
            await u.people.set_next_digest(person_id, when)
        owed = [o for family in self.families for o in await family.owed(u, due, now)]
        recent = await u.nudges.last_sent_of([p.id or 0 for p in rows], (NudgeKind.DIGEST, NudgeKind.COACH_DIGEST),
                                             now - MIN_GAP)
        return [o for o in owed if (recent.get((o.person.id or 0, o.kind)) or o.anchor) >= o.anchor]

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        ready = []
        for family in self.families:
            ready += await family.prepare(u, [o for o in owed if o.kind in family.kinds], now)
        return ready

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        return await self._family[owed.kind].compose(owed, now)

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        later: dict[int, datetime] = {}  # one person's digests share one look-again instant
        for owed, outcome in results:
            when = {Outcome.FAILED: now + RETRY_LATER, Outcome.BROKEN: now + BROKEN_RETRY,
                    Outcome.HELD: owed.hold_until}.get(outcome)
            if when is not None:
                pid = owed.person.id or 0
                later[pid] = min(when, later.get(pid, when))
        for person_id, when in later.items():
            await u.people.set_next_digest(person_id, when)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.people.set_next_digest(row.person_id, now)
