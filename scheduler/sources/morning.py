"""The morning plan (/morning): one message a day at the person's chosen local time, with what
is due today and yesterday's misses. Looked at through `person.next_morning_at`; a morning missed
during downtime is still sent later the same local day, never the next. Sent at least once (it
may share a bundle with other nudges); the policy folds that day's reminders into it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from handlers import CoreConfig, Reply
from handlers import morning as plan
from handlers.timing import local_day
from scheduler.prefs import prefs_for
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source, each_owed, each_row
from storage import Action, Nudge, NudgeKind, Person, Unit

_MINUTE = timedelta(minutes=1)


@dataclass
class Plan:
    tz: tzinfo
    due: list[Action]
    missed: list[Action]


class MorningPlans(Source):
    name = "morning"
    kinds = {NudgeKind.MORNING: Duplicates.AT_LEAST_ONCE}  # twice is better than a day without it

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Person]:
        return await u.people.due_mornings(now, limit)

    async def owed(self, u: Unit, rows: Sequence[Person], now: datetime) -> list[Owed]:
        owed: list[Owed] = []
        looks: list[tuple[int, datetime | None]] = []

        def one(person: Person) -> None:
            if person.morning_time is None:
                looks.append((person.id, None))
                return
            tz = prefs_for(person, self.config).tz
            slot = plan.todays_slot(person.morning_time, tz, now)
            looks.append((person.id, plan.next_slot(person.morning_time, tz, now + _MINUTE) if slot <= now else slot))
            if slot <= now and local_day(slot, tz) == local_day(now, tz):
                owed.append(Owed(person, NudgeKind.MORNING, person.id, slot, slot, data=Plan(tz, [], [])))

        each_row(rows, one, lambda person: looks.append((person.id, now + BROKEN_RETRY)))
        for person_id, when in looks:
            await u.people.set_next_morning(person_id, when)
        return owed

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        async def load(o: Owed) -> None:
            p: Plan = o.data
            p.due, p.missed = plan.plan_items(list(await u.actions.open_for(o.person.id)), p.tz, local_day(now, p.tz))
        await each_owed(owed, load)
        return [o for o in owed if o.broken or o.data.due or o.data.missed]  # a morning with nothing to say is not sent

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        p: Plan = owed.data
        return plan.compose(p.due, p.missed, p.tz)

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        for owed, outcome in results:
            when = {Outcome.FAILED: now + RETRY_LATER, Outcome.BROKEN: now + BROKEN_RETRY,
                    Outcome.HELD: owed.hold_until}.get(outcome)
            if when is not None:
                await u.people.set_next_morning(owed.subject_id, when)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.people.set_next_morning(row.subject_id, now)
