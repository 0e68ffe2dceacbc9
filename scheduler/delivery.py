"""Claim, send, record: each nudge goes out once.

1. Claim: insert the ledger row as `sending` and commit before any network call; a
   conflict means it was handled already.
2. Send through the recipient's adapter, retrying temporary failures with backoff
   (tenacity). Rate limits and 429s are the adapter's (python-telegram-bot's limiter).
3. Record: mark the row `sent` with the platform's message id.
The only window for a duplicate is a crash between the platform's answer and step 3; at
start, rows left `sending` are given back and sent again (see README, "Nudges").
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from handlers import Address, ChannelUnavailable, Clock, DeliveryFailed, RecipientGone, Reply, Sender
from handlers.teams import invite_me
from storage import Store

log = logging.getLogger(__name__)

SENT, DUPLICATE, GONE, FAILED = "sent", "duplicate", "gone", "failed"


@dataclass(frozen=True)
class Job:
    person_id: int
    to: Address
    kind: str
    subject_id: int
    anchor: datetime
    lead_minutes: int
    planned: datetime
    reply: Reply


class Delivery:
    def __init__(self, store: Store, sender: Sender, clock: Clock, attempts: int = 4,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, max_wait: float = 8.0) -> None:
        self.store, self.sender, self.clock = store, sender, clock
        self.attempts, self.sleep, self.max_wait = attempts, sleep, max_wait
        self._recording: set[asyncio.Future[None]] = set()

    async def deliver(self, job: Job) -> str:
        async with self.store.unit() as u:
            nudge_id = await u.nudges.claim(job.person_id, job.kind, job.subject_id, job.anchor, job.lead_minutes,
                                            job.planned, self.clock.now())
        if nudge_id is None:
            return DUPLICATE
        try:
            message_id = await self._send(job)
        except ChannelUnavailable as exc:  # a team channel without the bot: the manager is fine, tell them
            log.warning("%s %s for person %s: the channel refused it (%s); telling them", job.kind,
                        job.subject_id, job.person_id, exc)
            async with self.store.unit() as u:
                await u.nudges.mark_failed(nudge_id)
                person = await u.people.get(job.person_id)
                team = next((t for t in await u.teams.managed_by(job.person_id) if t.id == job.subject_id), None)
            if person is not None and person.active:
                await self._tell(Address(person.platform, person.chat_id), invite_me(team))
            return GONE
        except RecipientGone:
            log.info("person %s is unreachable (blocked the bot?): nudges stop", job.person_id)
            async with self.store.unit() as u:
                await u.nudges.mark_failed(nudge_id)
                await u.nudges.deactivate(job.person_id)
            return GONE
        except Exception as e:  # the claim is given back; a later tick tries again
            log.warning("nudge %s for person %s not delivered (%s); will retry", job.kind, job.person_id, e)
            async with self.store.unit() as u:
                await u.nudges.release(nudge_id)
            return FAILED
        # The platform accepted it: record that even if this task is cancelled now (a stop, a
        # sibling's crash), so only a real process death can leave the duplicate window open.
        record = asyncio.ensure_future(self._record(nudge_id, message_id))
        self._recording.add(record)
        record.add_done_callback(self._recording.discard)
        await asyncio.shield(record)
        return SENT

    async def _tell(self, to: Address, reply: Reply) -> None:
        """A best-effort note to a person (no ledger row): a failure is logged, never raised."""
        try:
            await self.sender.send(to, reply)
        except Exception as exc:
            log.warning("could not tell %s:%s: %s", to.platform, to.chat_id, exc)

    async def _record(self, nudge_id: int, message_id: str) -> None:
        async with self.store.unit() as u:
            await u.nudges.mark_sent(nudge_id, message_id, self.clock.now())

    async def settle(self) -> None:
        """Wait for records of accepted sends still being written (after a cancelled tick)."""
        # Only futures still running are awaited: on Python 3.12+ a gather over finished
        # futures returns without yielding, so their discard callbacks never get to run.
        while pending := [f for f in self._recording if not f.done()]:
            await asyncio.gather(*pending, return_exceptions=True)

    async def _send(self, job: Job) -> str:
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(DeliveryFailed),
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=0.5, max=self.max_wait),
            sleep=self.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self.sender.send(job.to, job.reply)
        raise AssertionError("unreachable")


async def deliver_all(delivery: Delivery, jobs: list[Job], concurrency: int) -> list[str]:
    """Deliver jobs concurrently (bounded); outcomes in the jobs' order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Job) -> str:
        async with gate:
            return await delivery.deliver(job)

    return list(await asyncio.gather(*(one(j) for j in jobs)))
