"""Claim, send, record: each nudge goes out once (within its kind's duplicates policy).

1. Claim: insert the ledger row as `sending` and commit before any network call; a
   conflict means it was handled already.
2. Send through the recipient's adapter, retrying temporary failures with backoff
   (tenacity). Rate limits and 429s are the adapter's (python-telegram-bot's limiter).
   A failure after which the platform may have the message (`DeliveryFailed.maybe_delivered`:
   its answer was lost) is retried only for at-least-once kinds; an at-most-once kind (`Job.once`)
   stops there and its claim is kept as `unknown`, never sent again.
3. Record: mark the row `sent` with the platform's message id, retried until the database
   takes it (a database blip must not turn a delivered nudge into a re-send, nor a failed
   one into a lost one). While a record is pending, its claim counts as in flight, so the
   running settle leaves it alone.
A duplicate needs a lost answer: a retry after one (at-least-once kinds only), or a process
death between the platform's answer and step 3, after which the claim left `sending` is settled
by its kind's policy (README, "Nudges").
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from tenacity import (AsyncRetrying, retry_if_exception, stop_after_attempt, stop_never, wait_exponential)

from handlers.bundles import bundled
from handlers import Address, ChannelUnavailable, Clock, DeliveryFailed, RecipientGone, Reply, Sender
from handlers.teams import invite_me
from scheduler.sources.base import Outcome
from storage import NudgeKind, Store, Unit

log = logging.getLogger(__name__)

SENT, DUPLICATE, GONE, FAILED = Outcome.SENT, Outcome.DUPLICATE, Outcome.GONE, Outcome.FAILED
REFUSED, UNKNOWN = Outcome.REFUSED, Outcome.UNKNOWN


@dataclass(frozen=True)
class Job:
    person_id: int
    to: Address
    kind: NudgeKind
    subject_id: int
    anchor: datetime
    lead_minutes: int
    planned: datetime
    reply: Reply
    once: bool = False  # at most once: a send that may have reached the platform is never repeated


class Delivery:
    def __init__(self, store: Store, sender: Sender, clock: Clock, attempts: int = 4,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, max_wait: float = 8.0) -> None:
        self.store, self.sender, self.clock = store, sender, clock
        self.attempts, self.sleep, self.max_wait = attempts, sleep, max_wait
        self._recording: set[asyncio.Future[None]] = set()
        self.in_flight: set[int] = set()  # claims this process is sending or recording

    async def deliver(self, job: Job) -> Outcome:
        try:
            async with self.store.unit() as u:
                nudge_id = await u.nudges.claim(job.person_id, job.kind, job.subject_id, job.anchor,
                                                job.lead_minutes, job.planned, self.clock.now())
        except Exception as e:  # nothing claimed, nothing sent: a later tick tries again
            log.warning("%s for person %s not claimed (%s); will retry", job.kind, job.person_id, e)
            return FAILED
        if nudge_id is None:
            return DUPLICATE
        self.in_flight.add(nudge_id)
        try:
            outcome, message_id = await self._attempt(job)
        except BaseException:
            self.in_flight.discard(nudge_id)  # cancelled before any answer: the claim is settled later
            raise
        # Record the outcome even if this task is cancelled now (a stop, a sibling's crash), so
        # only a real process death can leave the claim `sending`.
        record = asyncio.ensure_future(self._record(nudge_id, job.person_id, outcome, message_id))
        self._recording.add(record)
        record.add_done_callback(self._recording.discard)
        await asyncio.shield(record)
        if outcome == REFUSED:
            await self._tell_to_invite(job)
        return outcome

    async def deliver_bundle(self, jobs: list[Job]) -> list[Outcome]:
        """Several nudges for one person as ONE message. Every item is claimed first (one commit),
        the message holds the items claimed (one claimed before is handled already: DUPLICATE),
        and every claim records the one send's outcome. Only kinds sent at least once are
        bundled, so a crash mid-bundle leaves claims `sending` that settle as each kind's
        policy says: given back and sent again."""
        if len(jobs) == 1:
            return [await self.deliver(jobs[0])]
        try:
            async with self.store.unit() as u:
                ids = [await u.nudges.claim(j.person_id, j.kind, j.subject_id, j.anchor, j.lead_minutes, j.planned,
                                            self.clock.now()) for j in jobs]
        except Exception as e:  # nothing claimed, nothing sent: a later tick tries again
            log.warning("a bundle of %d for person %s not claimed (%s); will retry", len(jobs), jobs[0].person_id, e)
            return [FAILED] * len(jobs)
        claimed = [(j, i) for j, i in zip(jobs, ids) if i is not None]
        if not claimed:
            return [DUPLICATE] * len(jobs)
        nudge_ids = [i for _, i in claimed]
        self.in_flight.update(nudge_ids)
        first = claimed[0][0]
        one = Job(first.person_id, first.to, first.kind, first.subject_id, first.anchor, first.lead_minutes,
                  first.planned, bundled([j.reply for j, _ in claimed]))
        try:
            outcome, message_id = await self._attempt(one)
        except BaseException:
            self.in_flight.difference_update(nudge_ids)
            raise
        record = asyncio.ensure_future(self._record_all(nudge_ids, first.person_id, outcome, message_id))
        self._recording.add(record)
        record.add_done_callback(self._recording.discard)
        await asyncio.shield(record)
        return [outcome if i is not None else DUPLICATE for i in ids]

    async def _record_all(self, nudge_ids: list[int], person_id: int, outcome: Outcome, message_id: str) -> None:
        for nudge_id in nudge_ids:
            await self._record(nudge_id, person_id, outcome, message_id)

    async def _attempt(self, job: Job) -> tuple[Outcome, str]:
        try:
            message_id = await self._send(job)
        except ChannelUnavailable as exc:  # a team channel without the bot: the manager is fine, tell them
            log.warning("%s #%s for person %s not delivered: the channel refused it (%s); telling them",
                        job.kind, job.subject_id, job.person_id, exc)
            return REFUSED, ""
        except RecipientGone:
            log.info("%s #%s for person %s not delivered: unreachable (blocked the bot?), their nudges stop",
                     job.kind, job.subject_id, job.person_id)
            return GONE, ""
        except DeliveryFailed as e:
            if job.once and e.maybe_delivered:  # the platform may have it: another copy is worse than none
                log.warning("%s #%s for person %s may or may not have arrived (%s); kept as unknown, not sent again",
                            job.kind, job.subject_id, job.person_id, e)
                return UNKNOWN, ""
            log.info("%s #%s for person %s not delivered (%s); will retry", job.kind, job.subject_id,
                     job.person_id, e)
            return FAILED, ""
        except Exception as e:  # the claim is given back; a later tick tries again
            log.info("%s #%s for person %s not delivered (%s); will retry", job.kind, job.subject_id,
                     job.person_id, e)
            return FAILED, ""
        log.info("%s #%s sent to person %s", job.kind, job.subject_id, job.person_id)
        return SENT, message_id

    async def _tell_to_invite(self, job: Job) -> None:
        """A best-effort note to the manager whose channel refused a post (no ledger row)."""
        try:
            async with self.store.unit() as u:
                person = await u.people.get(job.person_id)
                team = next((t for t in await u.teams.managed_by(job.person_id) if t.id == job.subject_id), None)
            if person is not None and person.active:
                await self.sender.send(Address(person.platform, person.chat_id), invite_me(team))
        except Exception as exc:
            log.warning("could not tell person %s to invite the bot: %s", job.person_id, exc)

    async def _record(self, nudge_id: int, person_id: int, outcome: Outcome, message_id: str) -> None:
        try:
            async for attempt in AsyncRetrying(wait=wait_exponential(multiplier=0.5, max=self.max_wait),
                                               stop=stop_never, sleep=self.sleep, reraise=True):
                with attempt:
                    if attempt.retry_state.attempt_number == 2:
                        log.warning("nudge %s: outcome %s not recorded yet (database?); retrying", nudge_id, outcome)
                    async with self.store.unit() as u:
                        await self._write(u, nudge_id, person_id, outcome, message_id)
        finally:
            self.in_flight.discard(nudge_id)

    async def _write(self, u: Unit, nudge_id: int, person_id: int, outcome: Outcome, message_id: str) -> None:
        if outcome == SENT:
            await u.nudges.mark_sent(nudge_id, message_id, self.clock.now())
        elif outcome == GONE:
            await u.nudges.mark_failed(nudge_id)
            await u.nudges.deactivate(person_id)
        elif outcome == REFUSED:  # the channel, not the person: they stay active
            await u.nudges.mark_failed(nudge_id)
        elif outcome == UNKNOWN:  # at most once, and it may have arrived: never sent again
            await u.nudges.mark_unknown(nudge_id)
        else:
            await u.nudges.release(nudge_id)

    async def settle(self, timeout: float | None = None) -> None:
        """Wait for outcomes of finished sends still being written (after a cancelled tick).
        After `timeout` (the database stays away) they are left `sending` for the next start."""
        # Only futures still running are awaited: on Python 3.12+ a gather over finished
        # futures returns without yielding, so their discard callbacks never get to run.
        while pending := [f for f in self._recording if not f.done()]:
            done, late = await asyncio.wait(pending, timeout=timeout)
            if late:
                for f in late:
                    f.cancel()
                log.warning("%d nudge outcomes not recorded at stop; settled at the next start", len(late))
                return

    async def _send(self, job: Job) -> str:
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda e: isinstance(e, DeliveryFailed)
                                     and not (job.once and e.maybe_delivered)),
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=0.5, max=self.max_wait),
            sleep=self.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self.sender.send(job.to, job.reply)
        raise AssertionError("unreachable")


async def deliver_all(delivery: Delivery, jobs: list[Job], concurrency: int) -> list[Outcome]:
    """Deliver jobs concurrently (bounded); outcomes in the jobs' order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Job) -> Outcome:
        async with gate:
            return await delivery.deliver(job)

    return list(await asyncio.gather(*(one(j) for j in jobs)))


async def deliver_messages(delivery: Delivery, messages: list[list[Job]], concurrency: int) -> list[list[Outcome]]:
    """Deliver messages (one job, or a bundle of one person's jobs) concurrently (bounded);
    each message's outcomes in its jobs' order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(jobs: list[Job]) -> list[Outcome]:
        async with gate:
            return await delivery.deliver_bundle(jobs)

    return list(await asyncio.gather(*(one(m) for m in messages)))
