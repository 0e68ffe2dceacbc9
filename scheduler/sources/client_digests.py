"""The client's weekly digest: the record of the 7 days before the slot, with a chart.

Records are read for a page of people in one `records()` call per slot (a fixed dozen
statements); charts are drawn in worker processes when composing, outside any transaction.
An empty week is not sent."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from handlers import CoreConfig, Reply, digest
from handlers.development import growth_of, own_part
from handlers.record import Record, records
from handlers.zones import zone
from scheduler.sources.base import Duplicates, Owed, each_owed
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
            try:  # the whole page in a dozen statements
                found = await records(u, people, slot - WEEK, slot, now, lambda p: zone(p.timezone, default))
            except Exception:  # someone's data breaks the page: read each on their own, so only theirs fails
                found = {}
                await each_owed([o for o in owed if o.anchor == slot], self._reader(u, found, now))
            recs.update({(pid, slot): rec for pid, rec in found.items()})
        ready = []
        for o in owed:
            rec = recs.get((o.person.id, o.anchor))
            if o.broken or (rec is not None and not rec.empty):
                o.data = (rec, [])
                ready.append(o)
        people = [o.person for o in ready if not o.broken]
        growth = await growth_of(u, people, None, now) if people else {}  # one page, a few reads
        for o in ready:
            if o.person.id in growth:
                o.data = (o.data[0], own_part(growth[o.person.id]))
        return ready

    def _reader(self, u: Unit, found: dict[int, Record], now: datetime) -> Callable[[Owed], Awaitable[None]]:
        """Reads one person's week into `found`."""
        async def read(o: Owed) -> None:
            tz = zone(o.person.timezone, self.config.default_timezone)
            found.update(await records(u, [o.person], o.anchor - WEEK, o.anchor, now, lambda p: tz))
        return read

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        rec, development = owed.data
        return await digest.render_client(rec, self.config, owed.anchor - WEEK, owed.anchor, now, development)
