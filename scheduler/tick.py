"""The one periodic job: read what is due from the database, send it, plan the next look.

There are no per-action jobs. Each tick pages through actions and insights whose
`next_check_at` has come (an indexed, bounded read), asks the rules what each owes now,
delivers that, and stores the next instant to look. A moved deadline, a new zone or new
quiet hours only reset `next_check_at`, and the next tick re-plans from the data.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, time, timedelta, timezone

from handlers import Address, Clock, CoreConfig, Reply, Sender, metrics
from handlers import nudges as compose
from scheduler.delivery import DUPLICATE, FAILED, SENT, Delivery, Job, deliver_all
from scheduler.digests import DigestTicker
from scheduler.prefs import prefs_for
from scheduler.stats import TickStats
from scheduler.rules import ActionFacts, Due, Prefs, after_quiet, in_quiet, plan_action, plan_insight
from storage import Action, Insight, Metric, Nudge, Store

log = logging.getLogger(__name__)

RETRY_LATER = timedelta(seconds=30)
DIGEST_STALE_AFTER = timedelta(hours=24)  # after longer downtime, skip to next week's digest


def facts_for(action: Action, rows: list[Nudge]) -> ActionFacts:
    """What the ledger says about the action's current deadline (older deadlines don't count)."""
    assert action.deadline is not None
    mine = [r for r in rows if r.anchor == action.deadline]
    reminders = [r.planned_at for r in mine if r.kind == "reminder"]
    checkin = next((r for r in mine if r.kind == "checkin"), None)
    return ActionFacts(
        deadline=action.deadline,
        set_at=action.deadline_set_at or action.created_at,
        last_reminder_planned=max(reminders, default=None),
        checkin_sent_at=(checkin.sent_at or checkin.claimed_at) if checkin else None,
        checkin_answered=bool(checkin and checkin.answered_at),
        followup_sent=any(r.kind == "followup" for r in mine),
    )


def after_sending(facts: ActionFacts, due: Due, now: datetime) -> ActionFacts:
    if due.kind == "reminder":
        return replace(facts, last_reminder_planned=due.planned)
    if due.kind == "checkin":
        return replace(facts, checkin_sent_at=now)
    return replace(facts, followup_sent=True)


def _compose(due: Due, action: Action, prefs: Prefs, now: datetime) -> Reply:
    if due.kind == "reminder":
        return compose.reminder(action, prefs.tz, now, due.lead)
    if due.kind == "checkin":
        return compose.checkin(action, prefs.tz, now)
    return compose.followup(action, prefs.tz, now)


class Ticker:
    def __init__(self, store: Store, sender: Sender, clock: Clock, config: CoreConfig | None = None,
                 page: int = 500, concurrency: int = 64, delivery: Delivery | None = None) -> None:
        self.store, self.clock, self.config = store, clock, config or CoreConfig()
        self.page, self.concurrency = page, concurrency
        self.delivery = delivery or Delivery(store, sender, clock)
        self.digests = DigestTicker(store, clock, self.config, self.delivery, concurrency=concurrency)
        self._settled = False

    async def tick(self) -> TickStats:
        """Everything due now: nudges, metric questions and weekly digests."""
        stats = await self.tick_nudges()
        digests = await self.digests.tick()
        stats.looked_at += digests.looked_at
        for outcome, n in digests.outcomes.items():
            stats.outcomes[outcome] = stats.outcomes.get(outcome, 0) + n
        return stats

    async def tick_nudges(self) -> TickStats:
        """Reminders, check-ins, follow-ups, insight nudges and metric questions due now."""
        now = self.clock.now()
        stats = TickStats()
        if not self._settled:  # first tick after start: claims a crash left behind
            async with self.store.unit() as u:
                settled = await u.nudges.settle_interrupted(now, now)
            if settled:
                log.warning("re-sending %d nudges interrupted by a stop", settled)
            self._settled = True
        for page in (self._action_page, self._insight_page, self._metric_page):
            while await page(now, stats) == self.page:  # a full page means there may be more due
                continue
        return stats

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

    async def _action_page(self, now: datetime, stats: TickStats) -> int:
        plans: list[tuple[Action, ActionFacts, Prefs, Due, Job]] = []
        async with self.store.unit() as u:
            rows = await u.nudges.due_actions(now, self.page)
            ledger = await u.nudges.ledger_for([a.id for a, _ in rows if a.id is not None])
            looks: list[tuple[int, datetime | None]] = []  # stored in one statement for the page
            for action, person in rows:
                assert action.id is not None and person.id is not None
                if action.deadline is None:
                    looks.append((action.id, None))
                    continue
                prefs = prefs_for(person, self.config)
                facts = facts_for(action, ledger.get(action.id, []))
                due, next_at = plan_action(facts, prefs, now)
                if due is None:
                    looks.append((action.id, next_at))
                    continue
                job = Job(person.id, Address(person.platform, person.chat_id), due.kind, action.id, action.deadline,
                          int(due.lead.total_seconds() // 60), due.planned, _compose(due, action, prefs, now))
                plans.append((action, facts, prefs, due, job))
            await u.nudges.set_action_checks(looks)
        stats.looked_at += len(rows)
        outcomes = await self._deliver_all([p[4] for p in plans])
        async with self.store.unit() as u:
            for (action, facts, prefs, due, _), outcome in zip(plans, outcomes):
                stats.count(outcome)
                assert action.id is not None
                if outcome == SENT:
                    again, next_at = plan_action(after_sending(facts, due, now), prefs, now)
                    await u.nudges.set_action_check(action.id, now if again else next_at)
                elif outcome == FAILED:
                    await u.nudges.set_action_check(action.id, now + RETRY_LATER)
                elif outcome == DUPLICATE:
                    await u.nudges.set_action_check(action.id, now + timedelta(seconds=1))
        return len(rows)

    async def _insight_page(self, now: datetime, stats: TickStats) -> int:
        jobs: list[tuple[Insight, Job]] = []
        async with self.store.unit() as u:
            rows = await u.nudges.due_insights(now, self.page)
            for insight, person, has_action in rows:
                assert insight.id is not None and person.id is not None
                prefs = prefs_for(person, self.config)
                due, next_at = plan_insight(insight.created_at, self.config.insight_followup_after,
                                            has_action or insight.just_a_thought, prefs, now)
                if due is None:
                    await u.nudges.set_insight_check(insight.id, next_at)
                    continue
                jobs.append((insight, Job(person.id, Address(person.platform, person.chat_id), "insight", insight.id,
                                          insight.created_at, 0, due.planned, compose.insight_nudge(insight))))
        stats.looked_at += len(rows)
        outcomes = await self._deliver_all([j for _, j in jobs])
        async with self.store.unit() as u:
            for (insight, _), outcome in zip(jobs, outcomes):
                stats.count(outcome)
                assert insight.id is not None
                retry = outcome == FAILED
                await u.nudges.set_insight_check(insight.id, now + RETRY_LATER if retry else None)
        return len(rows)

    async def _metric_page(self, now: datetime, stats: TickStats) -> int:
        """Ask for metric values at their cadence: only the latest period (prompts never pile
        up), not when a value is already logged, never inside quiet hours."""
        jobs: list[tuple[Metric, Prefs, Job]] = []
        async with self.store.unit() as u:
            rows = await u.metrics.due(now, self.page)
            logged = await u.metrics.logged_periods([m.id for m, _ in rows if m.id is not None],
                                                    (now - timedelta(days=8)).date())
            for m, person in rows:
                assert m.id is not None and person.id is not None
                prefs = prefs_for(person, self.config)
                latest = metrics.due_prompt(m, prefs.tz, now)
                following = metrics.next_prompt_at(m, prefs.tz, now)
                if latest is None or (m.id, latest[0]) in logged or latest[1] < m.created_at:
                    await u.metrics.set_check(m.id, following)
                    continue
                period, planned = latest
                send_at = after_quiet(planned, prefs)
                if now < send_at or in_quiet(now, prefs):
                    await u.metrics.set_check(m.id, min(max(send_at, after_quiet(now, prefs)), following))
                    continue
                anchor = datetime.combine(period, time(0), tzinfo=timezone.utc)  # the period, as a key
                reply = metrics.prompt(m, period, now.astimezone(prefs.tz).date())
                jobs.append((m, prefs, Job(person.id, Address(person.platform, person.chat_id), "metric", m.id,
                                           anchor, 0, planned, reply)))
        stats.looked_at += len(rows)
        outcomes = await self._deliver_all([j for _, _, j in jobs])
        async with self.store.unit() as u:
            for (m, prefs, _), outcome in zip(jobs, outcomes):
                stats.count(outcome)
                assert m.id is not None
                retry = now + RETRY_LATER if outcome == FAILED else metrics.next_prompt_at(m, prefs.tz, now)
                await u.metrics.set_check(m.id, retry)
        return len(rows)

    async def _deliver_all(self, jobs: list[Job]) -> list[str]:
        return await deliver_all(self.delivery, jobs, self.concurrency)
