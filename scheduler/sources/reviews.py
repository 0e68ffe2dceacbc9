"""Spaced review: at most one sitting a local day for each person with review questions due.

A page is people, not cards: one indexed read of the people whose `next_review_at` has come
(reviews on, active), one statement for up to SITTING due cards of each of them, one grouped
read for those with none left (their next look is their earliest card), and one executemany of
next looks. The ledger's anchor is the person's local day, so a second sitting the same day is
refused by the claim itself. Sent at most once: a sitting interrupted mid-send is not sent
again (its questions stay due and come in the next day's sitting).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers import CoreConfig, Reply
from handlers.reviews import SITTING, sitting
from handlers.timing import next_sitting, sitting_day
from scheduler.prefs import prefs_for
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source
from storage import Nudge, NudgeKind, Person, Unit
from storage.reviews import Card


@dataclass
class Sitting:
    cards: list[Card]
    due: int = 0


class ReviewSittings(Source):
    name = "reviews"
    # A review twice in a day is worse than none: the questions stay due for tomorrow's sitting.
    kinds = {NudgeKind.REVIEW: Duplicates.AT_MOST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Person]:
        return await u.reviews.due_people(now, limit)

    async def owed(self, u: Unit, rows: Sequence[Person], now: datetime) -> list[Owed]:
        owed = []
        for person in rows:
            tz = prefs_for(person, self.config).tz
            planned = person.next_review_at or now
            owed.append(Owed(person, NudgeKind.REVIEW, person.id, sitting_day(now, tz), planned, data=Sitting([])))
        return owed

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        """The page's due cards in one statement; people with none due look again at their next card."""
        cards = await u.reviews.sittings([o.person.id for o in owed], now, SITTING)
        idle = [o.person.id for o in owed if o.person.id not in cards]
        later = await u.reviews.earliest_after(idle, now)
        await u.reviews.set_next([(pid, later.get(pid)) for pid in idle])
        ready = []
        for o in owed:
            if o.person.id in cards:
                o.data = Sitting(*cards[o.person.id])
                ready.append(o)
        return ready

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        s: Sitting = owed.data
        return sitting(s.cards[0], s.due)

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        looks: list[tuple[int, datetime | None]] = []
        for owed, outcome in results:
            if outcome == Outcome.HELD:
                when = owed.hold_until
            elif outcome == Outcome.FAILED:
                when = now + RETRY_LATER
            elif outcome == Outcome.BROKEN:
                when = now + BROKEN_RETRY
            else:  # sent, claimed already today, unknown or gone: the next sitting is tomorrow's
                when = next_sitting(now, prefs_for(owed.person, self.config).tz)
            looks.append((owed.subject_id, when))
        await u.reviews.set_next(looks)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.reviews.set_next([(row.subject_id, now)])
