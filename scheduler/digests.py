"""Weekly digests at each person's slot (Monday 08:00 local by default): the client's record
of the 7 days before the slot, one message over all clients for coaches, and for team
managers the channel's team digest and their REKS reading.

A slot missed during downtime is sent once, late (up to a day); an empty client week is
skipped (on demand, /digest says so kindly). Records are read for a whole page of people
in one `records()` call per slot (a fixed dozen statements, not a dozen per person), and
charts are drawn concurrently in worker processes, outside any transaction. The service
runs this as its own job, so a Monday-morning batch never delays reminders.
"""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from handlers import Address, Clock, CoreConfig, Reply
from handlers import digest, teams
from handlers.record import records
from handlers.zones import zone
from scheduler.delivery import FAILED, Delivery, Job, deliver_all
from scheduler.rules import after_quiet, in_quiet
from scheduler.prefs import prefs_for
from scheduler.stats import TickStats
from storage import Person, Store

log = logging.getLogger(__name__)

RETRY_LATER = timedelta(seconds=30)
STALE_AFTER = timedelta(hours=24)  # after longer downtime, skip to next week's digest


class DigestTicker:
    def __init__(self, store: Store, clock: Clock, config: CoreConfig, delivery: Delivery, page: int = 200,
                 concurrency: int = 64) -> None:
        self.store, self.clock, self.config, self.delivery = store, clock, config, delivery
        self.page, self.concurrency = page, concurrency

    async def tick(self) -> TickStats:
        now = self.clock.now()
        stats = TickStats()
        while True:   # page after page, until one comes back short
            if await self._page(now, stats) < self.page:
                return stats

    async def _page(self, now: datetime, stats: TickStats) -> int:
        default = self.config.default_timezone
        due: dict[datetime, list[Person]] = defaultdict(list)
        extra: list[tuple[Person, datetime, str, int, Reply]] = []  # coach and team digests, REKS readings
        async with self.store.unit() as u:
            people = await u.people.due_digests(now, self.page)
            for person in people:
                assert person.id is not None
                prefs = prefs_for(person, self.config)
                slot = digest.last_slot(person, self.config, now)
                following = digest.last_slot(person, self.config, now + timedelta(days=7))
                if slot < person.created_at or now - slot > STALE_AFTER:
                    await u.people.set_next_digest(person.id, following)
                    continue
                if in_quiet(now, prefs):
                    await u.people.set_next_digest(person.id, min(after_quiet(now, prefs), following))
                    continue
                due[slot].append(person)
                await u.people.set_next_digest(person.id, following)
            recs = {}
            for slot, group in due.items():
                recs.update(await records(u, group, slot - timedelta(days=7), slot, now,
                                          lambda p: zone(p.timezone, default)))
            for slot, group in due.items():
                for person in (p for p in group if p.is_coach):
                    assert person.id is not None
                    start = slot - timedelta(days=7)
                    coach = await digest.coach_digest(u, person, self.config, start, slot, now)
                    extra.append((person, slot, "coach_digest", person.id, coach))
                    for team in await u.teams.managed_by(person.id):
                        channel, *reading = await teams.team_digest(u, team, self.config, start, slot, now)
                        extra.append((person, slot, "team_digest", team.id or 0, channel))
                        extra += [(person, slot, "reks", team.id or 0, r) for r in reading]
        stats.looked_at += len(people)
        clients = [(p, slot) for slot, group in due.items() for p in group if p.id in recs and not recs[p.id].empty]
        rendered = await asyncio.gather(*(digest.render_client(recs[p.id], self.config, slot - timedelta(days=7),
                                                               slot, now) for p, slot in clients))
        jobs = [Job(p.id or 0, Address(p.platform, p.chat_id), "digest", p.id or 0, slot, 0, slot, reply)
                for (p, slot), reply in zip(clients, rendered)]
        for person, slot, kind, subject, reply in extra:
            to = reply.to or Address(person.platform, person.chat_id)
            jobs.append(Job(person.id or 0, to, kind, subject, slot, 0, slot, reply))
        outcomes = await deliver_all(self.delivery, jobs, self.concurrency)
        async with self.store.unit() as u:
            for job, outcome in zip(jobs, outcomes):
                stats.count(outcome)
                if outcome == FAILED:
                    await u.people.set_next_digest(job.person_id, now + RETRY_LATER)
        return len(people)
