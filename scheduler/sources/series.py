"""Repeating commitments: when a series' time comes, its next occurrence is made (and, after
downtime, only the latest one that passed). The occurrences are ordinary dated actions, so their
reminders, check-ins and follow-ups are owed by the action source like any other's; this source
sends nothing itself. One look-again column (`series.next_check_at`), one bounded page read, so
the scheduler never grows with a series' length: at most two occurrences of a series are ahead
of or awaiting their check-in at any time."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from handlers import CoreConfig, Reply
from handlers.occurrences import advance
from scheduler.sources.base import BROKEN_RETRY, Outcome, Owed, Source
from storage import Nudge, Person, Series, Unit

log = logging.getLogger("scheduler")


class SeriesOccurrences(Source):
    name = "series"
    # `kinds` stays empty: the occurrences' nudges are the action source's.

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[tuple[Series, Person]]:
        return await u.series.due(now, limit)

    async def owed(self, u: Unit, rows: Sequence[tuple[Series, Person]], now: datetime) -> list[Owed]:
        """Make each due series' next occurrence; owes no message of its own."""
        for series, _person in rows:
            try:
                await advance(u, series, now)
            except ValueError:  # a rule that no longer reads (bad stored data): this series only
                log.exception("making the next occurrence of series %s failed; looking again later", series.id)
                series.next_check_at = now + BROKEN_RETRY
                await u.series.save(series)
        return []

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        raise ValueError(f"the series source sends nothing of its own: {owed.kind}")

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        """Nothing to record: it never owes a message (`owed` returns none)."""

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        """Never called: no ledger row is of a kind this source declares."""
