"""The client's weekly digest: the record of the 7 days before the slot, with a chart.

Records are read for a page of people in one `records()` call per slot (a fixed dozen
statements); charts are drawn in worker processes when composing, outside any transaction.
An empty week is not sent."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from handlers import CoreConfig, Reply, digest
from handlers.record import records
from handlers.zones import zone
from scheduler.sources.base import Duplicates, Owed
from scheduler.sources.weekly import DigestFamily, DueBySlot
from storage import NudgeKind, Person, Unit

WEEK = timedelta(days=7)


class ClientDigests(DigestFamily):
    kinds = {NudgeKind.DIGEST: Duplicates.AT_MOST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def owed(self, u: Unit, due: DueBySlot, now: datetime) -> list[Owed]:
        return [Owed(p, NudgeKind.DIGEST, p.id or 0, slot, slot) for slot, people in due.items() for p in people]

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        by_slot: dict[datetime, list[Person]] = defaultdict(list)
        for o in owed:
            by_slot[o.anchor].append(o.person)
        default = self.config.default_timezone
        recs = {}
        for slot, people in by_slot.items():
            found = await records(u, people, slot - WEEK, slot, now, lambda p: zone(p.timezone, default))
            recs.update({(pid, slot): rec for pid, rec in found.items()})
        ready = []
        for o in owed:
            rec = recs.get((o.person.id, o.anchor))
            if rec is not None and not rec.empty:
                o.data = rec
                ready.append(o)
        return ready

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        return await digest.render_client(owed.data, self.config, owed.anchor - WEEK, owed.anchor, now)
