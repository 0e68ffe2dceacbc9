"""The one periodic job: read what is due from the database, send it, plan the next look.

There are no per-action jobs. For each source in the registry, a tick pages through what is
due (an indexed, bounded read: a fixed number of statements per page), asks the source what
each row owes now, passes every message through the person's policy, composes, delivers and
records. A moved deadline, a new zone or new quiet hours only reset look-again instants (one
storage entry point), and the next tick re-plans from the data.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from handlers import Clock, CoreConfig, Sender
from handlers.timing import plan_action
from scheduler.delivery import Delivery, Job, deliver_messages
from scheduler.policy import Policy, to_someone_else
from scheduler.prefs import prefs_for
from scheduler.sources import Duplicates, Outcome, Owed, Registry, Source, UnknownKind
from scheduler.sources.actions import facts_for
from scheduler.sources.base import RETRY_LATER
from scheduler.stats import TickStats
from storage import Store

log = logging.getLogger(__name__)

__all__ = ["Ticker", "RETRY_LATER", "STUCK_AFTER"]

STUCK_AFTER = timedelta(minutes=10)  # a claim `sending` this long, and not in flight here, is settled
SETTLE_PAGE = 500
DAY_LOOKBACK = timedelta(hours=27)  # a local day began at most this long ago (UTC-12..+14, DST)


class Ticker:
    def __init__(self, store: Store, sender: Sender, clock: Clock, config: CoreConfig | None = None,
                 page: int = 500, concurrency: int = 64, delivery: Delivery | None = None) -> None:
        self.store, self.clock, self.config = store, clock, config or CoreConfig()
        self.page, self.concurrency = page, concurrency
        self.delivery = delivery or Delivery(store, sender, clock)
        self.registry = Registry(self.config)
        self.policy = Policy(self.config)
        self._started: datetime | None = None
        self._reported: set[str] = set()

    async def tick(self) -> TickStats:
        """Everything due now: nudges, metric questions and weekly digests."""
        stats = await self.tick_nudges()
        stats.add(await self.tick_digests())
        return stats

    async def tick_nudges(self) -> TickStats:
        """Reminders, check-ins, follow-ups, assignment notices, insight nudges and metric questions."""
        now = self.clock.now()
        try:
            await self.settle(now)
        except UnknownKind as e:  # an error, never guessed at; it costs no one else their nudges
            if e.args[0] not in self._reported:
                self._reported.add(e.args[0])
                log.error("%s", e)
        stats = TickStats()
        for source in self.registry.nudges:
            await self.run(source, now, stats)
        return stats

    async def tick_digests(self) -> TickStats:
        stats = TickStats()
        await self.run(self.registry.digests, self.clock.now(), stats)
        return stats

    async def settle(self, now: datetime) -> int:
        """Claims left `sending`: at the first tick, every claim made before it (a crash); later,
        claims stuck longer than STUCK_AFTER that this process is not sending or recording (an
        outcome the database never took). Each goes by its kind's policy: sent again (reset
        through its source) or kept as `unknown`. A claim of a kind no source declares is left
        as it is, and `UnknownKind` is raised once the others are settled."""
        first = self._started is None
        if first:
            self._started = now
        before = now if first else now - STUCK_AFTER
        settled, unknown = 0, list[tuple[int, str]]()
        while True:
            async with self.store.unit() as u:
                skip = sorted(self.delivery.in_flight | {i for i, _ in unknown})
                rows = await u.nudges.stuck_claims(before, skip, SETTLE_PAGE)
                for row in rows:
                    assert row.id is not None
                    try:
                        source = self.registry.source_of(row.kind)
                    except UnknownKind:
                        unknown.append((row.id, row.kind))
                        continue
                    if self.registry.duplicates(row.kind) == Duplicates.AT_LEAST_ONCE:
                        await source.reset(u, row, now)
                        await u.nudges.release(row.id)
                    else:
                        await u.nudges.mark_unknown(row.id)
            settled += len(rows)
            if len(rows) < SETTLE_PAGE:
                break
        settled -= len(unknown)
        if settled:
            log.warning("settled %d nudges left sending by an interrupted send", settled)
        if unknown:
            raise UnknownKind(f"nudge claims of kinds no source sends, left as they are: {unknown}")
        return settled

    async def run(self, sources: Source | Sequence[Source], now: datetime, stats: TickStats) -> None:
        """The generic loop: a page of each source, then one policy pass over all of them (so a
        person's nudges from several sources are bundled into one message within their budget),
        delivery, and each source records its own outcomes; again until every page comes back short."""
        active = [sources] if isinstance(sources, Source) else list(sources)
        while active:
            pages: list[tuple[Source, list[Owed]]] = []
            full: list[Source] = []
            for source in active:
                async with self.store.unit() as u:
                    rows = await source.due(u, now, self.page)
                    owed = await source.owed(u, rows, now)
                stats.looked_at += len(rows)
                pages.append((source, owed))
                if len(rows) >= self.page:
                    full.append(source)
            await self._page(pages, now, stats)
            active = full

    async def _page(self, pages: list[tuple[Source, list[Owed]]], now: datetime, stats: TickStats) -> None:
        source_of = {id(o): source for source, owed in pages for o in owed}
        passing, held, lapsed = list[Owed](), list[Owed](), list[Owed]()
        for _, owed in pages:
            for o in owed:
                if self.policy.lapsed(o):
                    lapsed.append(o)
                    continue
                o.hold_until = self.policy.hold(o, now)
                (held if o.hold_until else passing).append(o)
        people = list({o.person.id: o.person for o in passing if not to_someone_else(o)}.values())
        async with self.store.unit() as u:
            sent = await u.nudges.sent_recently([p.id for p in people], now - DAY_LOOKBACK)
        admitted = self.policy.admit(passing, self.policy.today(people, sent, now), now, self.registry.bundles)
        held += admitted.held
        results: dict[int, list[tuple[Owed, Outcome]]] = {id(s): [] for s, _ in pages}
        for o in lapsed:
            results[id(source_of[id(o)])].append((o, Outcome.SKIPPED))
        prepared: set[int] = set()
        async with self.store.unit() as u:
            for source, _ in pages:
                await source.record(u, [(o, Outcome.HELD) for o in held if source_of[id(o)] is source], now)
                mine = [o for m in admitted.messages for o in m if source_of[id(o)] is source]
                out = await source.prepare(u, mine, now)
                prepared |= {id(o) for o in out if not o.broken}
                results[id(source)] += [(o, Outcome.BROKEN) for o in out if o.broken]
                born = [o for o in out if id(o) not in source_of]  # a page's follow-on (a team's REKS reading)
                for o in born:
                    source_of[id(o)] = source
                    if self.policy.lapsed(o) or self.policy.paused(o, now):
                        prepared.discard(id(o))  # its moment fell in a pause: not sent, like a digest
                        results[id(source)].append((o, Outcome.SKIPPED))
                    else:
                        admitted.messages.append([o])
                for o, message_id in admitted.folded:
                    if source_of[id(o)] is source:
                        await u.nudges.fold(o.person.id, o.kind, o.subject_id, o.anchor, o.lead_minutes, o.planned,
                                            message_id, now)
                        results[id(source)].append((o, Outcome.SENT))
        ready_ids: set[int] = set()
        for source, _ in pages:
            mine = [o for m in admitted.messages for o in m if source_of[id(o)] is source and id(o) in prepared]
            ready, broken = await self._compose(source, mine, now)
            ready_ids |= {id(o) for o in ready}
            results[id(source)] += [(o, Outcome.BROKEN) for o in broken]
        messages = [[o for o in m if id(o) in ready_ids] for m in admitted.messages]
        messages = [m for m in messages if m]
        outcomes = await deliver_messages(self.delivery, [[self._job(o, source_of[id(o)]) for o in m]
                                                          for m in messages], self.concurrency)
        for m, outs in zip(messages, outcomes):
            for o, outcome in zip(m, outs):
                results[id(source_of[id(o)])].append((o, outcome))
        for r in results.values():
            for _, outcome in r:
                stats.count(outcome)
        async with self.store.unit() as u:
            for source, _ in pages:
                await source.record(u, results[id(source)], now)

    @staticmethod
    async def _compose(source: Source, owed: list[Owed], now: datetime) -> tuple[list[Owed], list[Owed]]:
        """Compose each message on its own: one person's bad data costs no one else a nudge."""
        ready, broken = [], []
        for o in owed:
            try:
                o.reply = await source.compose(o, now)
                ready.append(o)
            except Exception:
                log.exception("%s #%s for person %s could not be composed; nothing sent", o.kind, o.subject_id,
                              o.person.id)
                broken.append(o)
        return ready, broken

    @staticmethod
    def _job(o: Owed, source: Source) -> Job:
        assert o.reply is not None
        once = source.kinds[o.kind] == Duplicates.AT_MOST_ONCE
        return Job(o.person.id or 0, o.address, o.kind, o.subject_id, o.anchor, o.lead_minutes, o.planned, o.reply,
                   once)

    async def plan(self, until: datetime) -> dict[str, int]:
        """Read-only: which action nudges fall due between now and `until` (counts by kind).

        Walks the indexed `next_check_at` window a page at a time, evaluating each action at
        the instant it asked to be looked at; nothing is claimed or sent. Used to measure
        planning cost and to preview load."""
        counts: dict[str, int] = {}
        after: tuple[datetime, int] | None = None
        while True:
            async with self.store.unit() as u:
                rows = await u.nudges.upcoming_actions(until, after, self.page)
                ledger = await u.nudges.ledger_for([a.id for a, _ in rows if a.id is not None])
            for action, person in rows:
                if action.deadline is None or action.next_check_at is None or action.id is None:
                    continue
                at = max(action.next_check_at, self.clock.now())
                due, _ = plan_action(facts_for(action, ledger.get(action.id, [])), prefs_for(person, self.config), at)
                if due is not None:
                    counts[due.kind] = counts.get(due.kind, 0) + 1
            if len(rows) < self.page:
                return counts
            last = rows[-1][0]
            assert last.next_check_at is not None and last.id is not None
            after = (last.next_check_at, last.id)
